/**
 * `npm run provider-env`: prints the environment variables of every registered vendor, as
 * .env.example lines, from their descriptors (a vendor added to providers/vendors.ts is listed
 * with no other change). .env.example may carry these blocks; providers/registry.test.ts checks
 * that every vendor variable it names is one a descriptor declares.
 */
import { envExampleLines } from './envConfig';
import { descriptors } from './registry';

export function providerEnvExample(): string {
  return descriptors.map((d) => envExampleLines(d).join('\n')).join('\n\n');
}

if (require.main === module) console.log(providerEnvExample());
