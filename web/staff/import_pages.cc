// Importing and exporting catalog files on the staff pages (docs/staff.md, "Import
// and export on the staff pages"). An upload is saved under <data>/uploads/ with a
// random name and checked first by indexer::plan_import (the import run and rolled
// back): the preview says per fonds what would be added, changed and removed, the
// importer's notes, or its error as `file:line: message`. The confirm imports the
// same file for real (indexer::import_planned: write lock, audit, both indexes, then
// the commit) unless the catalog changed since the preview. Both run on a thread of
// their own; the request waits a few seconds for it, and the status page
// /staff/import/{token} reloads itself (a Refresh header) while a large file is
// still being read. The export writes one fonds with a writer of
// indexer/formats/registry.h as a download.
#include <atomic>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

#include "archive/base/config.h"
#include "archive/base/crypto.h"
#include "archive/base/errors.h"
#include "archive/catalog/catalog.h"
#include "archive/staff/audit.h"
#include "indexer/formats/registry.h"
#include "indexer/import_plan.h"
#include "web/http/templates.h"
#include "web/http/text.h"
#include "web/portal/views.h"
#include "web/routes.h"
#include "web/staff/handlers.h"
#include "web/staff/services.h"
#include "web/staff/views.h"

namespace monjo::web {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// How long a request waits for its preview or import before it shows the status page
// (which then reloads itself every kRefreshSeconds).
constexpr std::chrono::seconds kWaitInRequest{5};
constexpr int kRefreshSeconds = 2;
// An upload not confirmed within this long is forgotten and its file removed.
constexpr std::chrono::hours kUploadLifetime{2};
// Records listed per fonds and kind on the preview (the counts are complete).
constexpr size_t kListed = 200;
// Longest before/after value shown on the preview, in characters.
constexpr size_t kShownValue = 80;

enum class JobState { Checking, Previewed, Invalid, Importing, Imported, Stale, Failed };

const char* state_code(JobState s) {
  switch (s) {
    case JobState::Checking:
      return "checking";
    case JobState::Previewed:
      return "previewed";
    case JobState::Invalid:
      return "invalid";
    case JobState::Importing:
      return "importing";
    case JobState::Imported:
      return "imported";
    case JobState::Stale:
      return "stale";
    case JobState::Failed:
      return "failed";
  }
  return "failed";
}

// One upload, from its preview to its import.
struct ImportJob {
  std::string token;
  std::string user;       // only the staff member who uploaded it sees it
  std::string path;       // the saved file under <data>/uploads/
  std::string file_name;  // as the browser named it
  std::string data_dir;
  uint64_t max_bytes = 0;
  Clock::time_point created = Clock::now();

  std::mutex mutex;
  std::condition_variable changed;
  JobState state = JobState::Checking;
  Clock::time_point started = Clock::now(), finished{};
  std::atomic<uint64_t> bytes_done{0}, bytes_total{0};
  std::atomic<long> records{0};
  std::atomic<bool> indexing{false};
  std::optional<indexer::ImportPlan> plan;
  std::optional<indexer::ImportResult> imported;
  std::string error;  // `file:line: message`, or what went wrong
};

// Every upload this process knows, by token.
struct Jobs {
  std::mutex mutex;
  std::map<std::string, std::shared_ptr<ImportJob>> by_token;
  bool swept = false;
};

Jobs& jobs() {
  static Jobs* j = new Jobs;  // outlives the threads that may still hold a job at exit
  return *j;
}

bool running(JobState s) {
  return s == JobState::Checking || s == JobState::Importing;
}

void remove_file(const std::string& path) {
  std::error_code ec;
  fs::remove(path, ec);
}

// Forgets uploads older than kUploadLifetime (and, once per process, files in
// uploads/ left by an earlier one).
void sweep(const std::string& uploads) {
  Jobs& j = jobs();
  std::lock_guard<std::mutex> lock(j.mutex);
  const auto now = Clock::now();
  for (auto it = j.by_token.begin(); it != j.by_token.end();) {
    std::unique_lock<std::mutex> job_lock(it->second->mutex);
    if (!running(it->second->state) && now - it->second->created > kUploadLifetime) {
      remove_file(it->second->path);
      job_lock.unlock();
      it = j.by_token.erase(it);
    } else {
      ++it;
    }
  }
  if (!j.swept) {
    j.swept = true;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(uploads, ec)) {
      // <token>.upload, or <token>.upload.<extension of the uploaded name>
      if (entry.path().filename().string().find(".upload") != std::string::npos) remove_file(entry.path().string());
    }
  }
}

std::shared_ptr<ImportJob> find_job(const RequestContext& ctx) {
  Jobs& j = jobs();
  std::lock_guard<std::mutex> lock(j.mutex);
  auto it = j.by_token.find(ctx.path_param("token"));
  // Someone else's upload is as unknown as a made-up token.
  if (it == j.by_token.end() || it->second->user != ctx.session()->user) throw archive::NotFound("no such upload");
  return it->second;
}

// The importer's messages name the saved file; the user knows the name they uploaded.
std::string as_uploaded(const ImportJob& job, std::string text) {
  for (size_t pos = text.find(job.path); pos != std::string::npos; pos = text.find(job.path, pos)) {
    text.replace(pos, job.path.size(), job.file_name);
    pos += job.file_name.size();
  }
  return text;
}

indexer::ImportOptions options_for(const std::shared_ptr<ImportJob>& job) {
  indexer::ImportOptions options;
  options.read.max_file_bytes = job->max_bytes;
  options.read.progress = [job](uint64_t done, uint64_t total) {
    job->bytes_done = done;
    job->bytes_total = total;
  };
  options.on_records = [job](long n) { job->records = n; };
  return options;
}

void finish(const std::shared_ptr<ImportJob>& job, JobState state, std::string error = {}) {
  {
    std::lock_guard<std::mutex> lock(job->mutex);
    job->state = state;
    job->error = std::move(error);
    job->finished = Clock::now();
  }
  job->changed.notify_all();
}

void start(const std::shared_ptr<ImportJob>& job, JobState state) {
  std::lock_guard<std::mutex> lock(job->mutex);
  job->state = state;
  job->started = Clock::now();
  job->bytes_done = 0;
  job->records = 0;
  job->indexing = false;
  job->error.clear();
}

// On its own thread: the preview.
void run_plan(std::shared_ptr<ImportJob> job) {
  try {
    auto plan = indexer::plan_import(job->data_dir, {job->path}, options_for(job), kListed);
    {
      std::lock_guard<std::mutex> lock(job->mutex);
      job->plan = std::move(plan);
    }
    finish(job, JobState::Previewed);
  } catch (const archive::InputError& e) {
    remove_file(job->path);  // nothing can be confirmed
    finish(job, JobState::Invalid, as_uploaded(*job, e.report()));
  } catch (const std::exception& e) {
    finish(job, JobState::Failed, as_uploaded(*job, e.what()));
  }
}

// On its own thread: the import.
void run_import(std::shared_ptr<ImportJob> job, archive::Actor actor, uint64_t generation) {
  try {
    auto options = options_for(job);
    options.before_commit = [job](const indexer::ImportResult&) { job->indexing = true; };
    auto result = indexer::import_planned(job->data_dir, {job->path}, options, actor, job->file_name, generation);
    {
      std::lock_guard<std::mutex> lock(job->mutex);
      job->imported = std::move(result);
    }
    remove_file(job->path);
    finish(job, JobState::Imported);
  } catch (const archive::Conflict&) {
    finish(job, JobState::Stale);
  } catch (const archive::InputError& e) {
    remove_file(job->path);
    finish(job, JobState::Invalid, as_uploaded(*job, e.report()));
  } catch (const std::exception& e) {
    finish(job, JobState::Failed, as_uploaded(*job, e.what()));
  }
}

// Waits up to kWaitInRequest for the job to leave a running state.
void wait_briefly(const std::shared_ptr<ImportJob>& job) {
  std::unique_lock<std::mutex> lock(job->mutex);
  job->changed.wait_for(lock, kWaitInRequest, [&] { return !running(job->state); });
}

std::string status_url(const RequestContext& ctx, const ImportJob& job) {
  return link(ctx, "/staff/import/" + job.token);
}

std::string shorten(const std::string& s) {
  std::string flat = s;
  for (auto& c : flat) {
    if (c == '\n' || c == '\t') c = ' ';
  }
  size_t chars = 0;
  for (size_t i = 0; i < flat.size(); ++i) {
    if ((static_cast<unsigned char>(flat[i]) & 0xC0) == 0x80) continue;  // inside a character
    if (++chars > kShownValue) return flat.substr(0, i) + "…";
  }
  return flat;
}

std::string counts_text(const RequestContext& ctx, const archive::CatalogCounts& c) {
  return ctx.messages().format("import_counts", {{"total", std::to_string(c.total())},
                                                 {"fonds", std::to_string(c.fonds)},
                                                 {"series", std::to_string(c.series)},
                                                 {"volumes", std::to_string(c.volumes)},
                                                 {"items", std::to_string(c.items)}});
}

mustache::data record_list(const RequestContext& ctx, const std::vector<indexer::PlannedRecord>& records,
                           bool show_values) {
  mustache::data list{mustache::data::type::list};
  for (const auto& r : records) {
    mustache::data d;
    d.set("id", r.id);
    set_field(d, "title", show_values ? r.title : std::string());
    d.set("level_label", level_label(ctx, r.level));
    mustache::data changes{mustache::data::type::list};
    for (const auto& c : r.changes) {
      mustache::data cd;
      cd.set("field", c.field);
      cd.set("show_values", show_values);
      cd.set("before", shorten(c.before));
      cd.set("after", shorten(c.after));
      changes.push_back(cd);
    }
    d.set("changes", changes);
    d.set("has_changes", !r.changes.empty());
    list.push_back(d);
  }
  return list;
}

// The status page: the progress, the preview, the result or the error.
std::unique_ptr<Response> status_page(const RequestContext& ctx, const std::shared_ptr<ImportJob>& job,
                                      int status = 0) {
  std::unique_lock<std::mutex> lock(job->mutex);
  const JobState state = job->state;
  mustache::data page;
  page.set("csrf", ctx.session()->csrf_token);
  page.set("file_name", job->file_name);
  page.set("state", state_code(state));
  page.set(state_code(state), true);
  page.set("running", running(state));
  page.set("import_url", link(ctx, "/staff/import"));
  page.set("status_url", status_url(ctx, *job));
  page.set("confirm_action", link(ctx, "/staff/import/" + job->token + "/confirm"));
  page.set("preview_action", link(ctx, "/staff/import/" + job->token + "/preview"));
  const auto end = running(state) ? Clock::now() : job->finished;
  const double secs = std::chrono::duration<double>(end - job->started).count();
  char elapsed[32];
  std::snprintf(elapsed, sizeof elapsed, "%.1f", secs);
  page.set("elapsed", ctx.messages().format("import_elapsed", {{"seconds", elapsed}}));
  page.set("records_read", std::to_string(job->records.load()));
  const uint64_t total = job->bytes_total.load(), done = job->bytes_done.load();
  page.set("bytes_done", std::to_string(done / 1024));
  page.set("bytes_total", std::to_string(total / 1024));
  page.set("percent", std::to_string(total > 0 ? done * 100 / total : 0));
  page.set("indexing", job->indexing.load());
  set_field(page, "error", job->error);

  const bool show_values = archive::has_permission(ctx.session()->role, archive::Permission::ViewWithheld);
  page.set("show_values", show_values);
  if (job->plan && (state == JobState::Previewed || state == JobState::Importing || state == JobState::Stale)) {
    const auto& plan = *job->plan;
    page.set("has_plan", true);
    page.set("read_counts", counts_text(ctx, plan.result.read));
    long added = 0, changed = 0, removed = 0;
    mustache::data fonds{mustache::data::type::list};
    for (const auto& f : plan.fonds) {
      added += f.added;
      changed += f.changed;
      removed += f.removed;
      mustache::data d;
      d.set("id", f.id);
      set_field(d, "title", show_values ? f.title : std::string());
      d.set("is_new", f.is_new);
      d.set("added", std::to_string(f.added));
      d.set("changed", std::to_string(f.changed));
      d.set("removed", std::to_string(f.removed));
      d.set("unchanged", std::to_string(f.unchanged));
      d.set("added_records", record_list(ctx, f.added_records, show_values));
      d.set("changed_records", record_list(ctx, f.changed_records, show_values));
      d.set("removed_records", record_list(ctx, f.removed_records, show_values));
      d.set("has_added", !f.added_records.empty());
      d.set("has_changed", !f.changed_records.empty());
      d.set("has_removed", !f.removed_records.empty());
      const size_t listed = f.added_records.size() + f.changed_records.size() + f.removed_records.size();
      d.set("more", static_cast<long>(listed) < f.added + f.changed + f.removed);
      fonds.push_back(d);
    }
    page.set("fonds", fonds);
    page.set("total_added", std::to_string(added));
    page.set("total_changed", std::to_string(changed));
    page.set("total_removed", std::to_string(removed));
    page.set("no_change", added + changed + removed == 0);
    mustache::data notes{mustache::data::type::list};
    for (const auto& n : plan.result.notes) {
      mustache::data d;
      d.set("text", n);
      notes.push_back(d);
    }
    page.set("notes", notes);
    page.set("has_notes", !plan.result.notes.empty());
  }
  if (job->imported && state == JobState::Imported) {
    page.set("imported_counts", counts_text(ctx, job->imported->read));
    page.set("catalog_counts", counts_text(ctx, job->imported->after));
    mustache::data roots{mustache::data::type::list};
    for (const auto& id : job->imported->roots) {
      mustache::data d;
      d.set("id", id);
      d.set("url", link(ctx, "/staff/records/" + id));
      roots.push_back(d);
    }
    page.set("roots", roots);
  }
  lock.unlock();

  PageHead head;
  head.title = ctx.messages().format("import_status_heading", {{"file", job->file_name}});
  head.noindex = true;
  if (status == 0) status = state == JobState::Invalid ? 422 : state == JobState::Stale ? 409 : 200;
  auto r = Response::html(render_page(ctx, "staff_import_status", page, head), status);
  // Reloads itself while the work goes on (no script needed).
  if (running(state)) r->header("Refresh", std::to_string(kRefreshSeconds) + "; url=" + status_url(ctx, *job));
  return r;
}

// The upload form, with an error when an upload was refused, and the export form.
std::unique_ptr<Response> import_form(const RequestContext& ctx, const std::string& error, int status) {
  mustache::data page;
  page.set("csrf", ctx.session()->csrf_token);
  page.set("action", link(ctx, "/staff/import"));
  set_field(page, "error", error);
  page.set("max_mib", std::to_string(staff_services(ctx).max_import_bytes >> 20));
  std::string formats;
  for (const auto* reader : indexer::formats::readers()) {
    formats += (formats.empty() ? "" : ctx.t("list_separator")) + ctx.t("import_reader_" + std::string(reader->name()));
  }
  page.set("reader_names", formats);
  mustache::data fonds{mustache::data::type::list};
  archive::Catalog& catalog = catalog_of(ctx);
  const bool show_titles = archive::has_permission(ctx.session()->role, archive::Permission::ViewWithheld);
  for (const auto& id : catalog.fonds_ids()) {
    auto r = catalog.get(id);
    mustache::data d;
    d.set("id", id);
    d.set("label", r && show_titles                ? id + " — " + r->title
                   : r && !r->public_title.empty() ? id + " — " + r->public_title
                                                   : id);
    fonds.push_back(d);
  }
  page.set("fonds", fonds);
  page.set("has_fonds", fonds.is_non_empty_list());
  mustache::data writers{mustache::data::type::list};
  for (const auto* w : indexer::formats::writers()) {
    mustache::data d;
    d.set("name", std::string(w->name()));
    d.set("label", ctx.t("export_format_" + std::string(w->name())));
    d.set("has_public", w->has_public_view());
    writers.push_back(d);
  }
  page.set("writers", writers);
  page.set("export_action", "/staff/export");
  page.set("lang_param", explicit_lang(ctx));
  page.set("has_lang_param", !explicit_lang(ctx).empty());
  page.set("can_view_withheld", show_titles);
  PageHead head;
  head.title = ctx.t("import_heading");
  head.noindex = true;
  return Response::html(render_page(ctx, "staff_import", page, head), status);
}

void audit_preview(const RequestContext& ctx, const ImportJob& job) {
  const archive::Actor me = actor_of(ctx);
  staff_services(ctx).audit->append(me.id, archive::role_name(me.role), "catalog.import_preview", job.file_name,
                                    "upload " + job.token.substr(0, 8));
}

}  // namespace

std::unique_ptr<Response> handle_staff_import_form(const RequestContext& ctx) {
  return import_form(ctx, {}, 200);
}

std::unique_ptr<Response> handle_staff_import_upload(const RequestContext& ctx) {
  const UploadedFile* file = ctx.file("file");
  if (!file || file->data.empty()) return import_form(ctx, ctx.t("import_error_no_file"), 400);
  const StaffServices& staff = staff_services(ctx);
  if (file->data.size() > staff.max_import_bytes) return import_form(ctx, ctx.t("import_error_too_large"), 413);

  const std::string uploads = staff.data_dir + "/uploads";
  std::error_code ec;
  fs::create_directories(uploads, ec);
  sweep(uploads);
  auto job = std::make_shared<ImportJob>();
  job->token = archive::random_token_hex(16);
  job->user = ctx.session()->user;
  job->file_name = file->filename.empty() ? std::string("upload.xml") : file->filename;
  // The saved file keeps the extension of the name the user gave (letters and digits
  // only), which the readers take as a hint (a file named .xlsx is read as a workbook).
  std::string extension;
  if (const size_t dot = job->file_name.rfind('.'); dot != std::string::npos && job->file_name.size() - dot <= 6) {
    for (char c : job->file_name.substr(dot + 1)) {
      if (std::isalnum(static_cast<unsigned char>(c))) extension += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  job->path = uploads + "/" + job->token + ".upload" + (extension.empty() ? "" : "." + extension);
  job->data_dir = staff.data_dir;
  job->max_bytes = staff.max_import_bytes;
  {
    std::ofstream out(job->path, std::ios::binary | std::ios::trunc);
    out.write(file->data.data(), static_cast<std::streamsize>(file->data.size()));
    out.close();
    if (!out) {
      remove_file(job->path);
      throw archive::Error("cannot write " + job->path);
    }
    fs::permissions(job->path, fs::perms::owner_read | fs::perms::owner_write, ec);
  }
  {
    Jobs& j = jobs();
    std::lock_guard<std::mutex> lock(j.mutex);
    j.by_token[job->token] = job;
  }
  audit_preview(ctx, *job);
  start(job, JobState::Checking);
  std::thread(run_plan, job).detach();
  wait_briefly(job);
  return Response::redirect(status_url(ctx, *job), 303);
}

std::unique_ptr<Response> handle_staff_import_status(const RequestContext& ctx) {
  return status_page(ctx, find_job(ctx));
}

std::unique_ptr<Response> handle_staff_import_preview(const RequestContext& ctx) {
  auto job = find_job(ctx);
  {
    std::lock_guard<std::mutex> lock(job->mutex);
    if (job->state != JobState::Stale && job->state != JobState::Previewed) {
      return error_response(ctx, 409, "import_error_not_ready");
    }
    job->plan.reset();
  }
  audit_preview(ctx, *job);
  start(job, JobState::Checking);
  std::thread(run_plan, job).detach();
  wait_briefly(job);
  return Response::redirect(status_url(ctx, *job), 303);
}

std::unique_ptr<Response> handle_staff_import_confirm(const RequestContext& ctx) {
  auto job = find_job(ctx);
  uint64_t generation = 0;
  {
    std::lock_guard<std::mutex> lock(job->mutex);
    if (job->state != JobState::Previewed || !job->plan) return error_response(ctx, 409, "import_error_not_ready");
    generation = job->plan->generation;
  }
  // Refused at once when the catalog has moved on; the import checks again under the lock.
  if (catalog_of(ctx).generation() != generation) {
    finish(job, JobState::Stale);
    return status_page(ctx, job, 409);
  }
  start(job, JobState::Importing);
  std::thread(run_import, job, actor_of(ctx), generation).detach();
  wait_briefly(job);
  return Response::redirect(status_url(ctx, *job), 303);
}

std::unique_ptr<Response> handle_staff_export(const RequestContext& ctx) {
  const std::string fonds = ctx.get_param("fonds");
  const std::string format = ctx.get_param("format", std::string(indexer::formats::writers().front()->name()));
  const bool public_view = ctx.get_bool_param("public", false);
  if (fonds.empty() || !archive::valid_record_id(fonds)) throw BadRequest("no fonds", "export_error_fonds");
  const indexer::formats::Writer* writer = indexer::formats::find_writer(format);
  if (!writer) throw BadRequest("unknown format", "export_error_format");
  if (public_view && !writer->has_public_view()) throw BadRequest("no public view", "export_error_public");
  // Everything but the public view holds withheld fields: only for those who may see them.
  if (!public_view && !archive::has_permission(ctx.session()->role, archive::Permission::ViewWithheld)) {
    return error_response(ctx, 403, "export_error_withheld");
  }
  archive::Catalog& catalog = catalog_of(ctx);
  auto root = catalog.get(fonds);
  if (!root || root->level != archive::Level::Fonds) throw archive::NotFound("no fonds " + fonds);
  indexer::formats::WriteOptions options;
  options.fonds_id = fonds;
  options.public_view = public_view;
  const std::string data_dir = staff_services(ctx).data_dir;
  options.site_name = [data_dir] { return archive::Config::load(data_dir).get("site", "name"); };
  std::ostringstream out;
  writer->write(catalog, options, out);
  if (!public_view) {
    const archive::Actor me = actor_of(ctx);
    staff_services(ctx).audit->append(me.id, archive::role_name(me.role), "catalog.export", fonds,
                                      "format " + format + ", " + std::to_string(out.str().size()) + " bytes");
  }
  auto r = Response::text(out.str(), std::string(writer->media_type()));
  r->header("Content-Disposition", "attachment; filename=\"" + fonds + "-" + format + (public_view ? "-public" : "") +
                                       "." + std::string(writer->extension()) + "\"");
  return r;
}

}  // namespace monjo::web
