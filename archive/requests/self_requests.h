// A request about oneself (本人利用, docs/requests.md "A request about oneself"):
// 公文書管理法 17 and the ordinances modelled on it let a requester use what the
// personal-information ground (16①1イ) withholds from others when the information is
// about the requester. This file holds the tables and the pure rules of it:
//
//  - who may ask as 本人 (SelfRelation): the person, a legal representative (法定代理人)
//    of a minor or an adult ward, and the heir (相続人) of a deceased person for that
//    person's information — the city's reading, docs/ordinance.md §10;
//  - the documents an officer may record as seen at the identity check
//    (identity_documents()): their TYPE only, never a copy or a number;
//  - the grant: an item decision keeps the decision as it stands for anyone (the
//    record's judgement, archive/catalog/access_judgements.h) and lists in
//    ItemDecision::self_grounds the grounds lifted for this requester alone. Only
//    `personal` can be lifted (validate_self_grant); self_use_decision() gives what
//    the requester may then use, for the notice and the status page.
//
// The store (request_store.h) adds what needs the request: the 本人 flag of the
// intake, the recorded identity check, and the audit entries.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "archive/requests/use_request.h"

namespace monjo::archive {

// The one ground a 本人 grant may lift (公文書管理法 17 names 16①1イ only).
constexpr const char* kSelfLiftableGround = "personal";

enum class SelfRelation { Self, LegalRepresentative, Heir };

struct SelfRelationInfo {
  SelfRelation relation;
  const char* code;                // "self"; its label is the message self_relation_<code>
  bool needs_relation_document;    // the check must also see what proves the relation
};
const std::vector<SelfRelationInfo>& self_relations();
const SelfRelationInfo& self_relation_info(SelfRelation r);
const char* self_relation_name(SelfRelation r);
std::optional<SelfRelation> self_relation_from_name(const std::string& code);

// A document type an identity check may record. Its label is the message
// identity_doc_<code>.
struct IdentityDocumentInfo {
  const char* code;      // "drivers_licence"
  bool proves_identity;  // shows who the person at the counter is (photo ID and the like)
  bool proves_relation;  // shows the death and the family relation, or the representation
};
const std::vector<IdentityDocumentInfo>& identity_documents();
const IdentityDocumentInfo* find_identity_document(const std::string& code);

// One identity check as recorded: document types, who checked, when.
struct IdentityCheck {
  std::string identity_document;  // a code with proves_identity
  std::string relation_document;  // a code with proves_relation; required for a representative or an heir
  std::string checked_by;         // staff account
  std::string checked_at;         // UTC
  Ymd checked_on;                 // the day in Japan
};

// The problems of an identity check for a requester of `relation` (empty when
// valid): document_required, unknown_document, relation_document_required.
std::vector<ValidationError> validate_identity_check(SelfRelation relation, const IdentityCheck& check);

// The problems of a decision's 本人 grant on its own (empty when there is none or it
// is valid): only `personal` may be lifted (self_ground_not_personal), and only when
// the decision withholds on it (self_grant_full_use, self_ground_not_listed); a
// refusal on other grounds too stays a refusal (self_grant_withheld_whole); with
// several grounds each redaction names its ground (self_grant_redaction_ground).
std::vector<ValidationError> validate_self_grant(const ItemDecision& decision);

// What the requester of a 本人 grant may use: the decision without the lifted
// ground — its redactions on that ground (or on the decision's grounds, when that
// was the only one) gone; 全部利用 when nothing is left withheld. The decision
// itself when there is no grant.
ItemDecision self_use_decision(const ItemDecision& decision);

}  // namespace monjo::archive
