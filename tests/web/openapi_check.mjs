// Checks GET /openapi.json of a live cutqueue against itself and against the server:
//   1. the served document is the checked-in http/openapi.json;
//   2. it is valid OpenAPI 3.1 (@seriousme/openapi-schema-validator, the official JSON schemas);
//   3. every response with a body has examples, and each example is valid against its schema
//      (Ajv, JSON Schema 2020-12, formats checked);
//   4. every example with `x-request` is replayed against the server: the live status code,
//      Content-Type, required headers and body must match the response it documents, the body
//      must be valid against the schema, have the example's keys and the same code, message
//      and detail texts.
// Usage: node openapi_check.mjs <base-url> <http/openapi.json> [<placeholders as JSON>]
// Placeholders fill {{name}} in x-request headers and bodies (the key, drafts the caller made).
// Prints one line per check that failed and "N passed, M failed"; exits 1 on any failure.
import { readFile } from "node:fs/promises";
import { isDeepStrictEqual } from "node:util";
import { Validator } from "@seriousme/openapi-schema-validator";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const [base, docPath, placeholderJson] = process.argv.slice(2);
if (!base || !docPath) {
  console.error("usage: node openapi_check.mjs <base-url> <openapi.json> [placeholders-json]");
  process.exit(2);
}
const placeholders = JSON.parse(placeholderJson || "{}");

let passed = 0;
let failed = 0;
function check(ok, what) {
  if (ok) passed++;
  else {
    failed++;
    console.log("FAIL " + what);
  }
  return ok;
}

const fill = text =>
  text.replace(/\{\{(\w+)\}\}/g, (m, name) => {
    if (!(name in placeholders)) throw new Error("no value for placeholder " + m);
    return placeholders[name];
  });

const pointer = parts => "#/" + parts.map(p => String(p).replace(/~/g, "~0").replace(/\//g, "~1")).join("/");
const isJson = type => type === "application/json";

// -- 1. served == checked in -------------------------------------------------------------------
const served = await fetch(base + "/openapi.json");
check(served.status === 200, "GET /openapi.json answers 200, got " + served.status);
check((served.headers.get("content-type") || "").startsWith("application/json"),
      "GET /openapi.json is application/json, got " + served.headers.get("content-type"));
const doc = await served.json();
const file = JSON.parse(await readFile(docPath, "utf8"));
check(isDeepStrictEqual(doc, file), "GET /openapi.json serves " + docPath + " unchanged");

// -- 2. valid OpenAPI 3.1 ----------------------------------------------------------------------
const validator = new Validator();
const verdict = await validator.validate(structuredClone(doc));
check(validator.version === "3.1", "the document is OpenAPI 3.1, validator says " + validator.version);
check(verdict.valid, "the document is valid OpenAPI 3.1: " + JSON.stringify(verdict.errors, null, 1));

// -- 3. examples against their schemas ---------------------------------------------------------
const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
addFormats(ajv);
ajv.addSchema(doc, "openapi.json");
const schemaAt = parts => ajv.compile({ $ref: "openapi.json" + pointer(parts) });

const methods = ["get", "put", "post", "delete", "patch", "head", "options"];
const scenarios = [];
const operations = [];
for (const [path, item] of Object.entries(doc.paths)) {
  for (const method of methods) {
    const op = item[method];
    if (!op) continue;
    const opName = method.toUpperCase() + " " + path;
    operations.push(opName);
    check(op.responses && Object.keys(op.responses).length > 0, opName + " documents its responses");
    for (const [status, response] of Object.entries(op.responses)) {
      for (const [type, media] of Object.entries(response.content || {})) {
        const where = opName + " " + status + " " + type;
        const examples = media.examples ? Object.entries(media.examples).map(([n, e]) => [n, e.value, e])
                       : "example" in media ? [["example", media.example, {}]] : [];
        check(examples.length > 0, where + " has an example");
        if (!media.schema) {
          check(false, where + " has a schema");
          continue;
        }
        const validate = schemaAt(["paths", path, method, "responses", status, "content", type, "schema"]);
        for (const [name, value, ex] of examples) {
          check(validate(value), where + " example " + name + " fits its schema: " + ajv.errorsText(validate.errors));
          if (ex["x-request"])
            scenarios.push({ opName, path, method, status: Number(status), type, name, value, validate,
                             request: ex["x-request"], headers: response.headers || {} });
        }
      }
    }
  }
}

// -- 4. replay against the live server ---------------------------------------------------------
// The example's keys at the top level, and in the first element of each array of objects (a
// list of tasks or nodes); nested maps (the document's own paths) are not compared.
function sameShape(live, example) {
  const keys = o => (o && typeof o === "object" && !Array.isArray(o) ? Object.keys(o).sort() : null);
  if (!isDeepStrictEqual(keys(live), keys(example))) return false;
  if (!keys(example)) return true;
  return Object.entries(example).every(([k, v]) => {
    if (!Array.isArray(v) || v.length === 0 || !Array.isArray(live[k]) || live[k].length === 0) return true;
    return isDeepStrictEqual(keys(live[k][0]), keys(v[0]));
  });
}

const exercised = new Set();
for (const s of scenarios) {
  const where = `${s.opName} ${s.status} example ${s.name}`;
  const method = (s.request.method || s.method).toUpperCase();
  const headers = {};
  for (const [k, v] of Object.entries(s.request.headers || {})) headers[k] = fill(v);
  let body;
  if (s.request.body !== undefined) {
    body = fill(s.request.body);
    if (!Object.keys(headers).some(k => k.toLowerCase() === "content-type"))
      headers["Content-Type"] = "application/json";
  }
  let r;
  try {
    r = await fetch(base + (s.request.path || s.path), { method, headers, body, redirect: "manual" });
  } catch (e) {
    check(false, where + ": request failed: " + e.message);
    continue;
  }
  exercised.add(s.opName);
  const text = await r.text();
  check(r.status === s.status, `${where}: live status ${r.status} (body ${text.slice(0, 200)})`);
  const type = (r.headers.get("content-type") || "").split(";")[0].trim();
  check(type === s.type, `${where}: live Content-Type ${type}`);
  for (const [name, h] of Object.entries(s.headers))
    if (h.required || h.$ref) check(r.headers.has(name), `${where}: live answer has header ${name}`);
  if (!isJson(s.type)) continue;
  let live;
  try {
    live = JSON.parse(text);
  } catch {
    check(false, `${where}: live body is JSON: ${text.slice(0, 200)}`);
    continue;
  }
  check(s.validate(live), `${where}: live body ${text.slice(0, 300)} fits the schema: ${ajv.errorsText(s.validate.errors)}`);
  check(sameShape(live, s.value), `${where}: live body ${text.slice(0, 300)} has the example's keys`);
  for (const k of ["code", "message", "detail"])
    if (s.value && typeof s.value === "object" && k in s.value)
      check(isDeepStrictEqual(live[k], s.value[k]),
            `${where}: live ${k} ${JSON.stringify(live[k])}, documented ${JSON.stringify(s.value[k])}`);
}

const unexercised = operations.filter(o => !exercised.has(o));
console.log(`${scenarios.length} live scenarios over ${exercised.size} of ${operations.length} operations` +
            (unexercised.length ? ` (not replayed: ${unexercised.join(", ")})` : ""));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
