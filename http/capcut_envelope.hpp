// capcut-mate's response envelope (../shared/spec/upstream-facts.md, "Envelope" and the code
// appendix): every answer is HTTP 200 with {"code": N, "message": "..."} and, on success, the
// route's fields beside them. Pure functions, no Pistache: the exact texts are unit-tested.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace cutqueue::http {

/// The codes cutqueue answers with. 0 to 9998 are capcut-mate's own; 2901 and 2902 are
/// cutqueue's (capcut-mate never refuses work and has no cancel), documented in the README.
namespace capcut_code {
constexpr int success = 0;
constexpr int validation = 1001;        ///< 参数校验失败, detail "<field>: <msg>"
constexpr int invalid_draft_url = 2001; ///< 无效的草稿URL
constexpr int submit_failed = 2030;     ///< 视频生成任务提交失败
constexpr int task_not_found = 2031;    ///< 视频生成任务未找到
constexpr int status_failed = 2032;     ///< 视频任务状态查询失败
constexpr int invalid_api_key = 2036;   ///< 无效的 apiKey ...
constexpr int busy = 2901;              ///< cutqueue: the queue is full or the service is starting
constexpr int task_finished = 2902;     ///< cutqueue: cancel of a completed or failed task
constexpr int internal = 9998;          ///< 系统内部错误
} // namespace capcut_code

/// True when the first tag of an Accept-Language value (split at ',', then at '-', blanks
/// trimmed, lower-cased) is "en"; capcut-mate answers in Chinese otherwise, also without one.
bool wants_english(std::optional<std::string_view> accept_language);

/// The message of `code` in the chosen language, with "(<detail>)" appended when detail is not
/// empty. A code capcut-mate does not define (an HTTP status such as 404 or 405) gets its
/// generic form "HTTP Error <code>, detail: <detail>" in either language.
std::string capcut_message(int code, bool english, std::string_view detail = {});

/// `{"code": code, "message": capcut_message(...)}`
std::string capcut_error_body(int code, bool english, std::string_view detail = {});

/// `{"code": 0, "message": "成功"|"Success", <fields>...}`: the fields of `plain` (a JSON object)
/// at top level; a `message` among them replaces the success text, as in capcut-mate.
std::string capcut_success_body(const nlohmann::ordered_json& plain, bool english);

} // namespace cutqueue::http
