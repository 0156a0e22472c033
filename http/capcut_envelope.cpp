#include "http/capcut_envelope.hpp"

#include "common/text.hpp"

#include <cctype>

namespace cutqueue::http {

namespace {

struct code_text {
  int code;
  const char* zh;
  const char* en;
};

// Texts as capcut-mate's exceptions.py defines them (upstream-facts.md, appendix), plus
// cutqueue's two codes.
constexpr code_text texts[] = {
    {capcut_code::success, "成功", "Success"},
    {capcut_code::validation, "参数校验失败", "Parameter validation failed"},
    {1004, "认证失败", "Authentication failed"},
    {capcut_code::invalid_draft_url, "无效的草稿URL", "Invalid draft URL"},
    {capcut_code::submit_failed, "视频生成任务提交失败", "Video generation task submit failed"},
    {capcut_code::task_not_found, "视频生成任务未找到", "Video generation task not found"},
    {capcut_code::status_failed, "视频任务状态查询失败", "Video task status query failed"},
    {capcut_code::invalid_api_key, "无效的 apiKey，请登录官网 https://jcaigc.cn 获取",
     "Invalid apiKey. Please log in at https://jcaigc.cn to obtain one"},
    {capcut_code::busy, "服务繁忙，请稍后重试", "Service busy, please try again later"},
    {capcut_code::task_finished, "任务已结束", "Task already finished"},
    {capcut_code::internal, "系统内部错误", "Internal server error"},
    {9999, "未知异常", "Unknown error"},
};

const code_text* find_text(int code) {
  for (auto& t : texts)
    if (t.code == code)
      return &t;
  return nullptr;
}

} // namespace

bool wants_english(std::optional<std::string_view> accept_language) {
  if (!accept_language)
    return false;
  auto first = accept_language->substr(0, accept_language->find(','));
  first = first.substr(0, first.find('-'));
  first = text::trim(first);
  if (first.size() != 2)
    return false;
  return std::tolower(static_cast<unsigned char>(first[0])) == 'e' &&
         std::tolower(static_cast<unsigned char>(first[1])) == 'n';
}

std::string capcut_message(int code, bool english, std::string_view detail) {
  auto* t = find_text(code);
  if (!t)
    return "HTTP Error " + std::to_string(code) + ", detail: " + std::string(detail);
  std::string out = english ? t->en : t->zh;
  if (!detail.empty())
    out += "(" + std::string(detail) + ")";
  return out;
}

std::string capcut_error_body(int code, bool english, std::string_view detail) {
  nlohmann::ordered_json j;
  j["code"] = code;
  j["message"] = capcut_message(code, english, detail);
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string capcut_success_body(const nlohmann::ordered_json& plain, bool english) {
  nlohmann::ordered_json j;
  j["code"] = capcut_code::success;
  j["message"] = capcut_message(capcut_code::success, english);
  if (plain.is_object())
    for (auto& [key, value] : plain.items())
      j[key] = value;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace cutqueue::http
