// One RPC call with Alibaba's own Node client (@alicloud/pop-core), for immplay's server-mode tests.
// Usage: node call.js '<json>' where json = {endpoint, accessKeyId, accessKeySecret, securityToken?,
//        apiVersion, action, params, method}. Prints {"ok": body} or {"error": {code, message, data}}.
'use strict';
const RPCClient = require('@alicloud/pop-core').RPCClient;

async function main() {
  const args = JSON.parse(process.argv[2]);
  const client = new RPCClient({
    endpoint: args.endpoint,
    accessKeyId: args.accessKeyId,
    accessKeySecret: args.accessKeySecret,
    securityToken: args.securityToken,
    apiVersion: args.apiVersion,
  });
  try {
    const body = await client.request(args.action, args.params || {}, { method: args.method || 'POST', timeout: 10000 });
    process.stdout.write(JSON.stringify({ ok: body }));
  } catch (err) {
    process.stdout.write(JSON.stringify({ error: { code: err.code, message: err.message, data: err.data } }));
  }
}

main();
