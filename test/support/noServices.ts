/**
 * The fast lane (jest.unit.config.js) starts no Redis or S3. Point the variables the integration
 * tests read at a closed port, so a test that needs them fails at once (connection refused) and
 * never reaches a Redis or S3 the machine may run on the default ports.
 */
const CLOSED = 'http://127.0.0.1:9';
process.env.TEST_REDIS_URL = 'redis://127.0.0.1:9';
process.env.TEST_S3_ENDPOINT = CLOSED;
process.env.TEST_S3_BUCKET = 'no-services-in-the-unit-lane';
