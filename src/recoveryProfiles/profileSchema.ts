/**
 * The recovery profile schema lives with its store (src/stores/recoveryProfileSchema.ts), so the
 * storage layer imports nothing above it; the profile code and the routes import it from here.
 */
export * from '../stores/recoveryProfileSchema';
