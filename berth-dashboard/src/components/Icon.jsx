// Icons as inline SVG paths (no icon font, no emoji: they render the same on every machine and theme).
const PATHS = {
  start: 'M5 3l11 7-11 7z',
  stop: 'M4 4h12v12H4z',
  restart: 'M10 3a7 7 0 1 0 7 7h-2a5 5 0 1 1-1.5-3.5L11 9h6V3l-2.1 2.1A7 7 0 0 0 10 3z',
  pause: 'M5 3h3v14H5zM12 3h3v14h-3z',
  resume: 'M5 3l11 7-11 7z',
  remove: 'M7 2h6l1 2h4v2H2V4h4zM4 7h12l-1 11H5z',
  run: 'M5 3l11 7-11 7z',
  close: 'M4.5 3L10 8.5 15.5 3 17 4.5 11.5 10l5.5 5.5-1.5 1.5L10 11.5 4.5 17 3 15.5 8.5 10 3 4.5z',
  sun: 'M10 6a4 4 0 1 1 0 8 4 4 0 0 1 0-8zM9 0h2v3H9zM9 17h2v3H9zM0 9h3v2H0zM17 9h3v2h-3zM2.9 4.3l1.4-1.4 2.1 2.1-1.4 1.4zM13.6 15l1.4-1.4 2.1 2.1-1.4 1.4zM2.9 15.7l2.1-2.1 1.4 1.4-2.1 2.1zM13.6 5l2.1-2.1 1.4 1.4-2.1 2.1z',
  moon: 'M13 2a8 8 0 1 0 5 13A7 7 0 0 1 13 2z',
  logout: 'M3 3h8v2H5v10h6v2H3zM13 6l4 4-4 4v-3H8V9h5z',
  containers: 'M2 5l8-3 8 3v10l-8 3-8-3zM4 6.5v7.3l5 1.9V8.4zM11 8.4v7.3l5-1.9V6.5zM5.2 5.2L10 7l4.8-1.8L10 3.4z',
  images: 'M2 3h16v4H2zM2 8.5h16v4H2zM2 14h16v4H2z',
  build: 'M12.5 2a4.5 4.5 0 0 0-4.3 5.8L2 14v4h4l6.2-6.2A4.5 4.5 0 0 0 18 7.5l-3 1.5-2.5-2.5L14 3.5A4.5 4.5 0 0 0 12.5 2z',
  volumes: 'M10 2c4.4 0 8 1.3 8 3v10c0 1.7-3.6 3-8 3s-8-1.3-8-3V5c0-1.7 3.6-3 8-3zM4 7.6V10c.8.8 3.1 1.5 6 1.5s5.2-.7 6-1.5V7.6c-1.5.6-3.6.9-6 .9s-4.5-.3-6-.9z',
  networks: 'M8 2h4v4h-1v2h5v4h1v4h-4v-4h1v-2H6v2h1v4H3v-4h1V8h5V6H8z',
  search: 'M8 2a6 6 0 0 1 4.8 9.6l5 5-1.4 1.4-5-5A6 6 0 1 1 8 2zm0 2a4 4 0 1 0 0 8 4 4 0 0 0 0-8z',
  terminal: 'M2 3h16v14H2zM4 7l3 3-3 3 1 1 4-4-4-4zM10 13h5v1.5h-5z',
};

export function Icon({ name, size = 14 }) {
  const d = PATHS[name];
  if (!d) return null;
  return (
    <svg width={size} height={size} viewBox="0 0 20 20" aria-hidden="true" focusable="false" style={{ fill: 'currentColor', flex: 'none' }}>
      <path d={d} />
    </svg>
  );
}
