// The entry point: opens the phone's notebook and renders the app with the real services into the page.
import { render } from 'preact';
import { openNotebook } from './db/db.ts';
import { App } from './app/shell/app.tsx';
import { defaultServices } from './app/shell/default-services.ts';
import { registerServiceWorker } from './app/shell/sw-update.ts';
import { hasUnsavedInput } from './app/shell/unsaved.ts';
import './app/styles.css';

const db = openNotebook();

// Closing or reloading the tab over a half-filled form asks first: the input is not saved anywhere yet.
addEventListener('beforeunload', (event) => {
  if (hasUnsavedInput()) event.preventDefault();
});

// The API is served from the app's own origin (SYNC-API.md): base URL ''.
render(<App db={db} services={defaultServices('')} />, document.getElementById('app')!);

// After the first screen: the service worker makes the next start work with no network at all.
void registerServiceWorker();
