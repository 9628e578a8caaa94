/** openapi.yaml names the same fields as the zod schemas of the enrollment and profile endpoints. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EnrollmentStarted, RegisteredPasskey } from '../src/http/routes/enrollments';
import { PasskeyProfileBodySchema, PasskeyProfileSchema, KeyRestrictionsSchema } from '../src/passkeys/profileSchema';
import { CreationOptionsSchema, RequestOptionsSchema } from '../src/passkeys/webauthnSchemas';

const jsYaml = require('js-yaml') as { safeLoad?: (s: string) => unknown; load: (s: string) => unknown };
const spec = (jsYaml.safeLoad ?? jsYaml.load)(readFileSync(path.join(__dirname, '..', 'openapi.yaml'), 'utf8')) as {
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
};
const props = (name: string) => Object.keys(spec.components.schemas[name]?.properties ?? {}).sort();
const keys = (shape: object) => Object.keys(shape).sort();

it.each([
  ['StartedEnrollment', EnrollmentStarted.shape],
  ['RegisteredPasskey', RegisteredPasskey.shape],
  ['CreationOptions', CreationOptionsSchema.shape],
  ['RequestOptions', RequestOptionsSchema.shape],
  ['PasskeyProfile', PasskeyProfileSchema.shape],
  ['PasskeyProfileBody', PasskeyProfileBodySchema.shape],
  ['KeyRestrictions', KeyRestrictionsSchema.shape],
])('%s', (name, shape) => {
  expect(props(name)).toEqual(keys(shape));
});
