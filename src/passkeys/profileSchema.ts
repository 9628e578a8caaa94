/**
 * The passkey profile schema lives with its store (src/stores/passkeyProfileSchema.ts), so the
 * storage layer imports nothing above it; the passkey code and the routes import it from here.
 */
export * from '../stores/passkeyProfileSchema';
