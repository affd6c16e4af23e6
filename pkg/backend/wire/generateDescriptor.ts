/**
 * Writes descriptor.json, the protobufjs JSON form of the .proto files in proto/, which protocol.ts
 * loads: a bundled single executable cannot read .proto files from disk at run time, but esbuild
 * embeds an imported JSON file. Run after editing a .proto file:
 *
 *   npx tsx pkg/backend/wire/generateDescriptor.ts
 *
 * protocol.test.ts fails while the committed descriptor and the .proto files disagree.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
// protobufjs is the library @grpc/proto-loader parses .proto files with (its own dependency).
import { Root } from 'protobufjs';

export const PROTO_FILES = ['backend.proto', 'health.proto', 'plugin.proto'];

export function protoDir(): string {
  return path.join(__dirname, 'proto');
}

export function descriptorJson(): string {
  const root = new Root();
  root.loadSync(
    PROTO_FILES.map((file) => path.join(protoDir(), file)),
    { keepCase: true }
  );
  root.resolveAll();
  return `${JSON.stringify(root.toJSON(), null, 2)}\n`;
}

if (require.main === module) {
  const target = path.join(__dirname, 'descriptor.json');
  writeFileSync(target, descriptorJson());
  process.stderr.write(`wrote ${target}\n`);
}
