/**
 * Renderer entry. The host has injected `window.approvedIm` (Electron: preload; web host: bridge.js)
 * before this script runs; it is the renderer's only access to the world.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { StoreProvider } from './state/store';
import './styles/base.css';
import './styles/layout.css';
import './styles/auth.css';
import './styles/sidebar.css';
import './styles/conversation.css';
import './styles/composer.css';
import './styles/rooms.css';
import './styles/dialogs.css';
import './styles/policy.css';
import './styles/features.css';

const root = document.getElementById('root');
const api = window.approvedIm;

if (root) {
  if (!api) {
    root.textContent = 'Approved IM could not start: the client API is missing. Restart the application.';
  } else {
    createRoot(root).render(
      <StrictMode>
        <StoreProvider api={api}>
          <App />
        </StoreProvider>
      </StrictMode>,
    );
  }
}
