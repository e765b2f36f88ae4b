// Catches a failed read of the phone's storage below it and offers a reload instead of a blank screen.
import { Component, type ComponentChildren } from 'preact';
import type { Messages } from '../i18n/vi.ts';

interface Props {
  /** Passed in, not read from context: the boundary also sits above the language provider. */
  messages: Messages;
  children: ComponentChildren;
}

export class ErrorBoundary extends Component<Props, { error: unknown }> {
  override state = { error: undefined as unknown };

  override componentDidCatch(error: unknown) {
    console.error(error);
    this.setState({ error });
  }

  override render() {
    if (this.state.error === undefined) return this.props.children;
    const t = this.props.messages;
    const message = this.state.error instanceof Error ? this.state.error.message : String(this.state.error);
    return (
      <section class="screen" role="alert">
        <h1>{t.app.readError}</h1>
        <button type="button" class="button primary" onClick={() => location.reload()}>
          {t.app.reload}
        </button>
        {/* For whoever helps the volunteer: the browser's words, folded away. */}
        <details class="tech-detail">
          <summary>{t.app.technicalDetail}</summary>
          <p class="muted">{message}</p>
        </details>
      </section>
    );
  }
}
