// Requests about oneself (本人利用) as a specification: what a 本人 grant may lift
// (the personal-information ground only), what the requester may then use, the
// identity check's document rules, and a label for every row of the tables.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "archive/base/messages.h"
#include "archive/requests/self_requests.h"

using namespace monjo::archive;

namespace {

ItemDecision decision(Decision kind, std::vector<std::string> grounds, std::vector<Redaction> redactions = {},
                      std::vector<std::string> self = {"personal"}) {
  ItemDecision d;
  d.record_id = "fx-v3-001";
  d.decision = kind;
  d.grounds = std::move(grounds);
  d.article = "条例第17条第1項第1号イ";
  d.reason = "個人の恩給額";
  d.redactions = std::move(redactions);
  d.self_grounds = std::move(self);
  return d;
}

std::vector<std::string> codes(const std::vector<ValidationError>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.code);
  return out;
}

}  // namespace

TEST_CASE("a 本人 grant lifts the personal-information ground and no other", "[self-request]") {
  struct Case {
    const char* what;
    ItemDecision d;
    std::vector<std::string> errors;
  };
  const std::vector<Case> cases = {
      {"no grant", decision(Decision::PartialUse, {"security"}, {{1, 2, "x", ""}}, {}), {}},
      {"personal on a partial use", decision(Decision::PartialUse, {"personal"}, {{1, 2, "氏名", ""}}), {}},
      {"personal on a refusal on personal alone", decision(Decision::NoUse, {"personal"}), {}},
      {"national security", decision(Decision::NoUse, {"security"}, {}, {"security"}), {"self_ground_not_personal"}},
      {"corporate beside personal",
       decision(Decision::PartialUse, {"personal", "corporate"}, {{1, 1, "a", "personal"}}, {"personal", "corporate"}),
       {"self_ground_not_personal"}},
      {"full use", decision(Decision::FullUse, {}), {"self_grant_full_use"}},
      {"not a ground of the decision", decision(Decision::PartialUse, {"corporate"}, {{1, 1, "a", ""}}),
       {"self_ground_not_listed"}},
      {"a refusal on security too", decision(Decision::NoUse, {"personal", "security"}), {"self_grant_withheld_whole"}},
      {"several grounds, a redaction without its ground",
       decision(Decision::PartialUse, {"personal", "corporate"}, {{1, 1, "a", "corporate"}, {2, 2, "b", ""}}),
       {"self_grant_redaction_ground"}},
      {"several grounds, each redaction named",
       decision(Decision::PartialUse, {"personal", "corporate"}, {{1, 1, "a", "corporate"}, {2, 2, "b", "personal"}}),
       {}},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    CHECK(codes(validate_self_grant(c.d)) == c.errors);
  }
}

TEST_CASE("what the requester of a 本人 grant may use", "[self-request]") {
  SECTION("personal alone: everything") {
    const auto partial = self_use_decision(decision(Decision::PartialUse, {"personal"}, {{3, 4, "恩給額", ""}}));
    CHECK(partial.decision == Decision::FullUse);
    CHECK(partial.grounds.empty());
    CHECK(partial.redactions.empty());
    CHECK(partial.self_grounds == std::vector<std::string>{"personal"});
    CHECK(self_use_decision(decision(Decision::NoUse, {"personal"})).decision == Decision::FullUse);
  }
  SECTION("with a corporate part: that part stays withheld") {
    const auto d = self_use_decision(decision(Decision::PartialUse, {"personal", "corporate"},
                                              {{30, 30, "取引条件", "corporate"}, {40, 40, "氏名", "personal"}}));
    CHECK(d.decision == Decision::PartialUse);
    CHECK(d.grounds == std::vector<std::string>{"corporate"});
    REQUIRE(d.redactions.size() == 1);
    CHECK(d.redactions[0].what == "取引条件");
  }
  SECTION("no grant: the decision as it is") {
    const auto d = decision(Decision::PartialUse, {"personal"}, {{3, 4, "恩給額", ""}}, {});
    CHECK(self_use_decision(d).decision == Decision::PartialUse);
    CHECK(self_use_decision(d).redactions.size() == 1);
  }
}

TEST_CASE("an identity check records document types, and the relation's for a representative or an heir",
          "[self-request]") {
  IdentityCheck c;
  CHECK(codes(validate_identity_check(SelfRelation::Self, c)) == std::vector<std::string>{"identity_document_required"});
  c.identity_document = "drivers_licence";
  CHECK(validate_identity_check(SelfRelation::Self, c).empty());
  CHECK(codes(validate_identity_check(SelfRelation::Heir, c)) == std::vector<std::string>{"relation_document_required"});
  CHECK(codes(validate_identity_check(SelfRelation::LegalRepresentative, c)) ==
        std::vector<std::string>{"relation_document_required"});
  c.relation_document = "family_register";
  CHECK(validate_identity_check(SelfRelation::Heir, c).empty());
  c.relation_document = "passport";  // proves who, not the relation
  CHECK(codes(validate_identity_check(SelfRelation::Heir, c)) == std::vector<std::string>{"identity_document_unknown"});
  c.identity_document = "family_register";  // proves the relation, not who
  c.relation_document = "family_register";
  CHECK(codes(validate_identity_check(SelfRelation::Heir, c)) == std::vector<std::string>{"identity_document_unknown"});
}

TEST_CASE("every relation and document type has its label in both catalogs", "[self-request][messages]") {
  std::vector<std::string> keys;
  for (const auto& r : self_relations()) {
    keys.push_back(std::string("self_relation_") + r.code);
    keys.push_back(std::string("intake_self_hint_") + r.code);
    CHECK(self_relation_from_name(r.code) == r.relation);
  }
  for (const auto& d : identity_documents()) {
    keys.push_back(std::string("identity_doc_") + d.code);
    CHECK(d.proves_identity != d.proves_relation);
  }
  for (const char* code : {"self_ground_not_personal", "self_grant_full_use", "self_ground_not_listed",
                           "self_grant_withheld_whole", "self_grant_redaction_ground", "self_grant_not_self_request",
                           "self_grant_needs_identity_check"}) {
    keys.push_back(std::string("decision_error_") + code);
  }
  for (const char* code : {"identity_document_required", "identity_document_unknown", "relation_document_required"}) {
    keys.push_back(std::string("identity_error_") + code);
  }
  for (const auto& key : keys) {
    INFO(key);
    CHECK(Messages::get(Lang::Ja).has(key));
    CHECK(Messages::get(Lang::En).has(key));
  }
  CHECK_FALSE(self_relation_from_name("cousin"));
}
