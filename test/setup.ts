// Unit tests run IndexedDB on fake-indexeddb (Node has none); end-to-end tests use real Chromium.
import 'fake-indexeddb/auto';
