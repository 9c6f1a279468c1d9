// The containers that use a volume or a network, as links to their pages.
import { Fragment } from 'preact';
import { Link } from '../lib/router.js';
import '../more.css';

export function UsedBy({ users, max = 3 }) {
  if (!users || users.length === 0) return <span class="muted" data-testid="used-by">unused</span>;
  const shown = users.slice(0, max);
  return (
    <span data-testid="used-by" title={users.map((u) => `${u.name} (${u.state})`).join('\n')}>
      {shown.map((u, i) => (
        <Fragment key={u.id}>
          {i > 0 && ', '}
          <Link href={`/containers/${encodeURIComponent(u.name)}`} data-testid="used-by-link">{u.name}</Link>
        </Fragment>
      ))}
      {users.length > max && <span class="muted"> +{users.length - max}</span>}
    </span>
  );
}
