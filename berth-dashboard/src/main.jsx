import { render } from 'preact';
import './styles.css';
import { applyStoredTheme } from './lib/theme.js';
import { App } from './app.jsx';

applyStoredTheme();
render(<App />, document.getElementById('app'));
