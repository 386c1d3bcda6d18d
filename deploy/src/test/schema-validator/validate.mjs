// Validates Kubernetes objects against the API schemas, offline: the Kubernetes API (kubernetes-models, generated
// from the Kubernetes OpenAPI document) and the CRDs of Strimzi (from its release CRD files), CloudNativePG,
// KEDA and the Prometheus Operator (from their API types), as compiled by the kubernetes-models project. Versions are pinned in package.json.
//
//   node validate.mjs OBJECTS.json     (a JSON array of objects; prints a JSON report, exits 1 on any invalid object)
import { readFileSync } from "node:fs";

const crdPackages = {
  "kafka.strimzi.io": "@kubernetes-models/strimzi-kafka-operator",
  "core.strimzi.io": "@kubernetes-models/strimzi-kafka-operator",
  "postgresql.cnpg.io": "@kubernetes-models/cloudnative-pg",
  "keda.sh": "@kubernetes-models/keda",
  "eventing.keda.sh": "@kubernetes-models/keda",
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
};

function modulePath(apiVersion, kind) {
  const slash = apiVersion.indexOf("/");
  if (slash < 0) {
    return `kubernetes-models/${apiVersion}/${kind}`; // core group: "v1"
  }
  const group = apiVersion.substring(0, slash);
  const pkg = crdPackages[group];
  return pkg ? `${pkg}/${apiVersion}/${kind}` : `kubernetes-models/${apiVersion}/${kind}`;
}

const objects = JSON.parse(readFileSync(process.argv[2], "utf8"));
const results = [];
for (const object of objects) {
  const id = `${object.apiVersion}/${object.kind} ${object.metadata?.namespace ?? ""}/${object.metadata?.name}`;
  let model;
  try {
    const module = await import(modulePath(object.apiVersion, object.kind));
    model = module[object.kind];
    if (typeof model !== "function") throw new Error("no model class");
  } catch (e) {
    results.push({ object: id, valid: false, errors: [`no schema for ${object.apiVersion} ${object.kind}: ${e.message}`] });
    continue;
  }
  try {
    new model(object).validate();
    results.push({ object: id, valid: true, errors: [] });
  } catch (e) {
    const errors = Array.isArray(e.errors) && e.errors.length
      ? e.errors.map((err) => `${err.instancePath || "/"} ${err.message}${err.params ? " " + JSON.stringify(err.params) : ""}`)
      : [String(e.message)];
    results.push({ object: id, valid: false, errors });
  }
}
process.stdout.write(JSON.stringify(results, null, 1) + "\n");
process.exit(results.every((r) => r.valid) ? 0 : 1);
