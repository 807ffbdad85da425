// A request about oneself (本人利用): see self_requests.h.
#include "archive/requests/self_requests.h"

#include <algorithm>
#include <set>

namespace monjo::archive {

const std::vector<SelfRelationInfo>& self_relations() {
  // A legal representative and an heir show, besides who they are, what makes them
  // one (docs/ordinance.md §9).
  static const std::vector<SelfRelationInfo> kRelations = {
      {SelfRelation::Self, "self", false},
      {SelfRelation::LegalRepresentative, "legal_representative", true},
      {SelfRelation::Heir, "heir", true},
  };
  return kRelations;
}

const SelfRelationInfo& self_relation_info(SelfRelation r) {
  return self_relations()[static_cast<size_t>(r)];
}

const char* self_relation_name(SelfRelation r) {
  return self_relation_info(r).code;
}

std::optional<SelfRelation> self_relation_from_name(const std::string& code) {
  for (const auto& r : self_relations()) {
    if (code == r.code) return r.relation;
  }
  return std::nullopt;
}

const std::vector<IdentityDocumentInfo>& identity_documents() {
  // The documents the 利用等規則 of archives commonly name for an identity check
  // (本人確認書類), and for a representative's or heir's standing. Only the type is
  // ever recorded.
  static const std::vector<IdentityDocumentInfo> kDocuments = {
      // code, proves_identity, proves_relation
      {"my_number_card", true, false},     // 個人番号カード (the card, never its number)
      {"drivers_licence", true, false},    // 運転免許証
      {"passport", true, false},           // 旅券
      {"residence_card", true, false},     // 在留カード・特別永住者証明書
      {"health_insurance", true, false},   // 健康保険の資格確認書など (with a second document)
      {"other_identity", true, false},     // その他官公署が発行した書類
      {"family_register", false, true},    // 戸籍謄本・除籍謄本など (death, kinship, parental authority)
      {"guardianship_certificate", false, true},  // 後見登記等に関する登記事項証明書
      {"other_relation", false, true},     // その他の資格を証する書類
  };
  return kDocuments;
}

const IdentityDocumentInfo* find_identity_document(const std::string& code) {
  for (const auto& d : identity_documents()) {
    if (code == d.code) return &d;
  }
  return nullptr;
}

std::vector<ValidationError> validate_identity_check(SelfRelation relation, const IdentityCheck& check) {
  std::vector<ValidationError> errors;
  const IdentityDocumentInfo* id = find_identity_document(check.identity_document);
  if (check.identity_document.empty()) {
    errors.push_back({"identity_document", "identity_document_required", {}, "Choose the identity document seen."});
  } else if (!id || !id->proves_identity) {
    errors.push_back({"identity_document", "identity_document_unknown", {{"value", check.identity_document}},
                      "'" + check.identity_document + "' is not an identity document type."});
  }
  const IdentityDocumentInfo* rel = find_identity_document(check.relation_document);
  if (!check.relation_document.empty() && (!rel || !rel->proves_relation)) {
    errors.push_back({"relation_document", "identity_document_unknown", {{"value", check.relation_document}},
                      "'" + check.relation_document + "' is not a document type that proves a relation."});
  } else if (check.relation_document.empty() && self_relation_info(relation).needs_relation_document) {
    errors.push_back({"relation_document", "relation_document_required", {},
                      "A representative or an heir also shows what proves the relation."});
  }
  return errors;
}

namespace {

bool listed(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

std::vector<ValidationError> validate_self_grant(const ItemDecision& d) {
  std::vector<ValidationError> errors;
  if (d.self_grounds.empty()) return errors;
  auto add = [&errors](std::string field, const char* code, std::string en,
                       std::vector<std::pair<std::string, std::string>> args = {}) {
    errors.push_back(ValidationError{std::move(field), code, std::move(args), std::move(en)});
  };
  // 公文書管理法 17 sets aside the personal-information ground only: national
  // security, public safety, a corporation's interests, a donor's conditions or the
  // original's condition withhold from the person concerned as from anyone.
  bool other = false;
  for (const auto& g : d.self_grounds) {
    if (g != kSelfLiftableGround) {
      add("self_grounds", "self_ground_not_personal",
          "Only the personal-information ground can be lifted for a request about oneself, not '" + g + "'.",
          {{"ground", g}});
      other = true;
    }
  }
  if (other) return errors;
  if (d.decision == Decision::FullUse) {
    add("self_grounds", "self_grant_full_use", "Full use withholds nothing to lift for the requester.");
    return errors;
  }
  if (!listed(d.grounds, kSelfLiftableGround)) {
    add("self_grounds", "self_ground_not_listed",
        "The decision does not withhold on the personal-information ground, so there is nothing to lift.");
    return errors;
  }
  if (d.decision == Decision::NoUse && d.grounds.size() > 1) {
    add("self_grounds", "self_grant_withheld_whole",
        "A refusal on other grounds too withholds the whole item from the requester as well.");
  }
  if (d.decision == Decision::PartialUse && d.grounds.size() > 1) {
    for (size_t i = 0; i < d.redactions.size(); ++i) {
      if (d.redactions[i].ground.empty()) {
        add("redactions[" + std::to_string(i) + "].ground", "self_grant_redaction_ground",
            "With several grounds, each redaction names its ground, so that the requester's part is known.",
            {{"n", std::to_string(i + 1)}});
      }
    }
  }
  return errors;
}

ItemDecision self_use_decision(const ItemDecision& d) {
  if (d.self_grounds.empty() || d.decision == Decision::FullUse) return d;
  ItemDecision out = d;
  const std::set<std::string> lifted(d.self_grounds.begin(), d.self_grounds.end());
  out.grounds.clear();
  for (const auto& g : d.grounds) {
    if (!lifted.count(g)) out.grounds.push_back(g);
  }
  if (d.decision == Decision::PartialUse) {
    out.redactions.clear();
    for (const auto& r : d.redactions) {
      // A redaction without a ground stands on the decision's grounds.
      const bool lifted_here = r.ground.empty() ? out.grounds.empty() : lifted.count(r.ground) > 0;
      if (!lifted_here) out.redactions.push_back(r);
    }
    if (!out.redactions.empty()) return out;
  } else if (!out.grounds.empty()) {
    return out;  // withheld whole on another ground
  }
  ItemDecision full;
  full.record_id = d.record_id;
  full.decision = Decision::FullUse;
  full.self_grounds = d.self_grounds;
  return full;
}

}  // namespace monjo::archive
