// Set by vite.config.ts at build time: which build of the app is running.
declare const __BUILD_ID__: string;
/** This build's number, sent to the server in X-So06-Build (SYNC-API.md [V1]); higher is newer. */
declare const __BUILD_NUMBER__: number;
