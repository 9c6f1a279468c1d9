import { useEffect, useState } from 'preact/hooks';
import { effectiveTheme, setTheme } from '../lib/theme.js';
import { Icon } from './Icon.jsx';

export function ThemeToggle() {
  const [theme, set] = useState(effectiveTheme());
  useEffect(() => {
    const on = (e) => set(e.detail);
    window.addEventListener('berth-theme', on);
    return () => window.removeEventListener('berth-theme', on);
  }, []);
  const next = theme === 'dark' ? 'light' : 'dark';
  return (
    <button type="button" class="icon" data-testid="theme-toggle" aria-label={`Switch to the ${next} theme`}
            title={`Switch to the ${next} theme`} onClick={() => setTheme(next)}>
      <Icon name={theme === 'dark' ? 'sun' : 'moon'} size={16} />
    </button>
  );
}
