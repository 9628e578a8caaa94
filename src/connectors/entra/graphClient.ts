/**
 * The Graph v1.0 calls the recovery service makes, typed and validated. Collections are read to the
 * end by following `@odata.nextLink` verbatim (Graph's skip tokens are opaque; `$skip` does not
 * exist). Every failure is a GraphError; see graphTransport.ts for what is (not) retried.
 * https://learn.microsoft.com/en-us/graph/paging
 */
import type { z } from 'zod';
import { GraphError } from './graphError';
import {
  BooleanValueSchema,
  Fido2MethodSchema,
  GraphGroupSchema,
  GraphUserSchema,
  RiskyUserSchema,
  TapPolicySchema,
  TapSchema,
  collectionOf,
  type Fido2Method,
  type GraphGroup,
  type GraphUser,
  type RiskyUserRecord,
  type Tap,
  type TapPolicy,
} from './graphSchemas';
import { createGraphTransport, type GraphCall, type GraphSend, type GraphTransportOptions } from './graphTransport';

/** Graph's largest page for directory objects. */
const MAX_TOP = 999;
/** A runaway guard: 200 pages of 999 is far beyond any query this service makes. */
const MAX_PAGES = 200;

export interface FindUsersOptions {
  /** An advanced query (needed e.g. for `onPremisesSamAccountName`): sends `ConsistencyLevel: eventual` and `$count=true`. */
  advanced?: boolean;
}

export interface CreateTapInput {
  /** Default: the tenant policy's default lifetime. */
  lifetimeInMinutes?: number;
  /** Default: the tenant policy's setting. */
  isUsableOnce?: boolean;
  /** ISO 8601; default: now. */
  startDateTime?: string;
}

export interface GraphClient {
  /** The user, or null when Graph answers 404. `select` lists the properties to return. */
  getUser(idOrUpn: string, select: readonly string[]): Promise<GraphUser | null>;
  /** Every user matching an OData filter. The caller escapes string literals (odataString). */
  findUsers(filter: string, select: readonly string[], options?: FindUsersOptions): Promise<GraphUser[]>;
  /** Reads one page of one user (`$top=1`) with these properties: proves the token and `User.Read.All` work. */
  probe(select?: readonly string[]): Promise<void>;
  /** The user's groups, nested memberships included. */
  transitiveGroups(userId: string): Promise<GraphGroup[]>;
  /** The response is the only time Graph shows the pass (`temporaryAccessPass`). */
  createTap(userId: string, input: CreateTapInput): Promise<Tap>;
  listTaps(userId: string): Promise<Tap[]>;
  /** False when the pass was already gone (404), so a retried delete is not an error. */
  deleteTap(userId: string, tapId: string): Promise<boolean>;
  listFido2Methods(userId: string): Promise<Fido2Method[]>;
  /** False when the method was already gone (404). */
  deleteFido2Method(userId: string, methodId: string): Promise<boolean>;
  /** Invalidates refresh tokens and session cookies; Graph answers `{value: true}`. */
  revokeSignInSessions(userId: string): Promise<boolean>;
  getTapPolicy(): Promise<TapPolicy>;
  /** The user's risk at ID Protection, or null when Graph answers 404 (no risk history). */
  getRiskyUser(userId: string): Promise<RiskyUserRecord | null>;
  /** Dismisses the users' risk; Graph answers 204 No Content. */
  dismissRiskyUsers(userIds: readonly string[]): Promise<void>;
}

export type GraphClientOptions = GraphTransportOptions;

/** `?a=b&c=d`, values percent-encoded (spaces as %20), the `$` of system query options kept. */
function query(params: Record<string, string | undefined>): string {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(v as string)}`);
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

const seg = (value: string) => encodeURIComponent(value);
const selectParam = (select: readonly string[]) => (select.length === 0 ? undefined : select.join(','));

export function createGraphClient(options: GraphClientOptions, send: GraphSend = createGraphTransport(options)): GraphClient {
  const read = async <T extends z.ZodType>(schema: T, call: GraphCall): Promise<z.infer<T>> => {
    const res = await send(call);
    const parsed = schema.safeParse(await res.json().catch(() => undefined));
    if (!parsed.success) {
      throw new GraphError({
        status: res.status,
        code: 'invalid_response',
        message: `Unexpected Graph response to ${call.method}: ${parsed.error.message}`,
        requestId: res.headers.get('request-id') ?? undefined,
      });
    }
    return parsed.data;
  };
  const readAll = async <T extends z.ZodType>(item: T, first: string, advanced = false): Promise<z.infer<T>[]> => {
    const items: z.infer<T>[] = [];
    let next: string | undefined = first;
    for (let pages = 0; next !== undefined; pages++) {
      if (pages === MAX_PAGES) throw new GraphError({ status: 0, code: 'too_many_pages', message: `More than ${MAX_PAGES} pages for ${first}` });
      const page: { value: z.infer<T>[]; '@odata.nextLink'?: string } = await read(collectionOf(item), { method: 'GET', path: next, advanced });
      items.push(...page.value);
      next = page['@odata.nextLink'];
    }
    return items;
  };
  const gone = (error: unknown): boolean => error instanceof GraphError && error.status === 404;
  const remove = (path: string) =>
    send({ method: 'DELETE', path }).then(
      () => true,
      (error: unknown) => {
        if (gone(error)) return false;
        throw error;
      },
    );
  const methods = (userId: string, kind: string) => `/users/${seg(userId)}/authentication/${kind}`;

  return {
    getUser: (idOrUpn, select) =>
      read(GraphUserSchema, { method: 'GET', path: `/users/${seg(idOrUpn)}${query({ $select: selectParam(select) })}` }).catch((error: unknown) => {
        if (gone(error)) return null;
        throw error;
      }),
    findUsers: (filter, select, opts = {}) =>
      readAll(
        GraphUserSchema,
        `/users${query({ $filter: filter, $select: selectParam(select), $top: String(MAX_TOP), $count: opts.advanced ? 'true' : undefined })}`,
        opts.advanced,
      ),
    probe: async (select = ['id']) => {
      await read(collectionOf(GraphUserSchema), { method: 'GET', path: `/users${query({ $top: '1', $select: selectParam(select) })}` });
    },
    // The cast to microsoft.graph.group drops directory roles and administrative units; it needs the advanced parameters.
    transitiveGroups: (userId) =>
      readAll(
        GraphGroupSchema,
        `/users/${seg(userId)}/transitiveMemberOf/microsoft.graph.group${query({ $select: 'id,displayName', $count: 'true', $top: String(MAX_TOP) })}`,
        true,
      ),
    createTap: (userId, input) => read(TapSchema, { method: 'POST', path: methods(userId, 'temporaryAccessPassMethods'), body: input }),
    listTaps: async (userId) => (await read(collectionOf(TapSchema), { method: 'GET', path: methods(userId, 'temporaryAccessPassMethods') })).value,
    deleteTap: (userId, tapId) => remove(`${methods(userId, 'temporaryAccessPassMethods')}/${seg(tapId)}`),
    listFido2Methods: async (userId) => (await read(collectionOf(Fido2MethodSchema), { method: 'GET', path: methods(userId, 'fido2Methods') })).value,
    deleteFido2Method: (userId, methodId) => remove(`${methods(userId, 'fido2Methods')}/${seg(methodId)}`),
    // 200 with a boolean body where 204 was meant, a known issue Microsoft documents
    // (https://learn.microsoft.com/en-us/graph/api/user-revokesigninsessions): any 2xx is success.
    revokeSignInSessions: async (userId) => {
      const res = await send({ method: 'POST', path: `/users/${seg(userId)}/revokeSignInSessions` });
      const parsed = BooleanValueSchema.safeParse(await res.json().catch(() => undefined));
      return parsed.success ? parsed.data.value : true;
    },
    getTapPolicy: () =>
      read(TapPolicySchema, { method: 'GET', path: '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/temporaryAccessPass' }),
    // https://learn.microsoft.com/en-us/graph/api/riskyuser-get
    getRiskyUser: (userId) =>
      read(RiskyUserSchema, { method: 'GET', path: `/identityProtection/riskyUsers/${seg(userId)}` }).catch((error: unknown) => {
        if (gone(error)) return null;
        throw error;
      }),
    // https://learn.microsoft.com/en-us/graph/api/riskyuser-dismiss
    dismissRiskyUsers: async (userIds) => {
      await send({ method: 'POST', path: '/identityProtection/riskyUsers/dismiss', body: { userIds } });
    },
  };
}
