// The entry point: renders the app with the phone's notebook and the real services into the page. The
// notebook's first screen is read without Dexie; Dexie loads right after (notebook.ts).
import { render } from 'preact';
import { lazyNotebook } from './db/notebook.ts';
import { App } from './app/shell/app.tsx';
import { defaultServices } from './app/shell/default-services.ts';
import { registerServiceWorker } from './app/shell/sw-update.ts';
import { hasUnsavedInput } from './app/shell/unsaved.ts';
import './app/styles.css';

const notebook = lazyNotebook();

// Closing or reloading the tab over a half-filled form asks first: the input is not saved anywhere yet.
addEventListener('beforeunload', (event) => {
  if (hasUnsavedInput()) event.preventDefault();
});

// The API is served from the app's own origin (SYNC-API.md): base URL ''.
render(<App notebook={notebook} services={defaultServices('')} />, document.getElementById('app')!);

// After the first screen: the service worker makes the next start work with no network at all.
void registerServiceWorker();
