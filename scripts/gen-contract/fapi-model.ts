// The Frontend API spec (fapi-2021-02-05.yml) → its component schemas and, per operation, the
// schema of each status's JSON body: what a FAPI response is checked against.
//
// Its components share names with the Backend API's (`Client`, `Session`, `User`) but not
// their shapes, so they get identifiers of their own: `Fapi` + the spec name.
import { toConstName } from './component-names.js';
import { compare, topologicalOrder, type ComponentEntry } from './component-model.js';
import type { Notebook } from './emit-context.js';
import {
  listOperations,
  resolveComponent,
  type OaDocument,
  type OaResponse,
  type OaSchema,
} from './openapi-types.js';
import { emitSchema } from './schema-emitter.js';
import { specComponents } from './spec-components.js';

export interface FapiOperationEntry {
  operationId: string;
  method: string;
  /** As in the spec: `/v1/client/sign_ins/{sign_in_id}`. */
  path: string;
  /** Status → TypeBox code of its JSON body (`null`: no JSON body, e.g. a 307). */
  responses: [string, string][];
  deps: string[];
}

export interface FapiModel {
  schemas: ComponentEntry[];
  operations: FapiOperationEntry[];
}

/** `Client.SignIn` → `FapiClientSignIn`. */
export function toFapiConstName(specName: string): string {
  return `Fapi${toConstName(specName)}`;
}

export function buildFapiModel(
  doc: OaDocument,
  notebook: Notebook,
  knownFormats: ReadonlySet<string>,
): FapiModel {
  const { schemas, context } = specComponents(doc, notebook, knownFormats, toFapiConstName, 'fapi');

  const operations = listOperations(doc)
    .map((raw): FapiOperationEntry => {
      const deps = new Set<string>();
      const responses = Object.keys(raw.operation.responses)
        .filter((status) => /^\d{3}$/.test(status))
        .sort()
        .map((status): [string, string] => {
          const where = `fapi:${raw.method.toUpperCase()} ${raw.path}/${status}`;
          const schema = jsonBodyOf(doc, raw.operation.responses[status]!);
          return [status, schema === undefined ? 'null' : emitSchema(schema, context(deps), where)];
        });
      return {
        operationId: raw.operationId,
        method: raw.method.toUpperCase(),
        path: raw.path,
        responses,
        deps: [...deps].sort(),
      };
    })
    .sort((a, b) => compare(a.operationId, b.operationId));
  return { schemas: topologicalOrder(schemas), operations };
}

/** The JSON body schema of a response, through `#/components/responses/…` refs. */
function jsonBodyOf(doc: OaDocument, response: OaResponse): OaSchema | undefined {
  let resolved = response;
  while (resolved.$ref !== undefined) {
    resolved = resolveComponent<OaResponse>(doc, resolved.$ref, 'responses');
  }
  return resolved.content?.['application/json']?.schema;
}
