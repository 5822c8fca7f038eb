import type { HTMLAttributes, ReactNode } from 'react';
import './page.css';

/** Props of {@link PageShell}. */
export interface PageShellProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  /** The small capitals after the wordmark that name the page ("Staff console"); none by default. */
  kicker?: ReactNode;
  /** The wordmark's accessible name (it links back to the brand world). */
  homeLabel?: string;
  /** What sits at the header's right, usually the page's `<WalletPanel>`; passed in so that pages without accounts load no wallet code. */
  actions?: ReactNode;
  /**
   * `'bar'`: a sticky bar over the page, the kicker beside the wordmark and the actions at the
   * right (consoles with a sign-in); `'plain'`: a header that scrolls away, the kicker at the
   * right (pages for guests). Defaults to `'bar'` with actions, `'plain'` without.
   */
  header?: 'bar' | 'plain';
  /** Between the header and the page's content, across the page: its alert. */
  notice?: ReactNode;
  /** The class of `<main>`, which holds the page's content (each page lays it out itself). */
  mainClassName?: string;
  /** Marks `<main>` busy while its content loads. */
  busy?: boolean;
  children?: ReactNode;
}

/**
 * The frame of Marque's 2D pages (staff and host consoles, privacy, passport verification,
 * showcase): a page that scrolls inside itself (the world's styles keep html and body from
 * scrolling), the MARQUE wordmark back to the world, an optional kicker and sign-in, then the
 * content. Styles in `page.css`; each page's stylesheet styles what is inside `<main>`.
 */
export function PageShell({
  kicker,
  homeLabel = 'Marque: visit the brand world',
  actions,
  header = actions === undefined ? 'plain' : 'bar',
  notice,
  mainClassName,
  busy,
  children,
  className,
  ...props
}: PageShellProps) {
  return (
    <div className={className ? `page ${className}` : 'page'} {...props}>
      <header className={header === 'bar' ? 'page-top page-top-bar' : 'page-top'}>
        <a className="wordmark" href="/" aria-label={homeLabel}>
          MARQUE
        </a>
        {kicker !== undefined && <span className="page-kicker">{kicker}</span>}
        {actions}
      </header>
      {notice}
      <main className={mainClassName} aria-busy={busy}>
        {children}
      </main>
    </div>
  );
}
