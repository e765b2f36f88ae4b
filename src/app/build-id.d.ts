// Set by vite.config.ts at build time: which build of the app is running.
declare const __BUILD_ID__: string;
