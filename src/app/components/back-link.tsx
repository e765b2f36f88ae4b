// The way back up from a screen, as a real link so it works from the keyboard and as a deep link.
export function BackLink({ href, label }: { href: string; label: string }) {
  return (
    <a class="back-link" href={href}>
      <span aria-hidden="true">←&nbsp;</span>
      {label}
    </a>
  );
}
