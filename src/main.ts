import { mount } from 'svelte';
import App from './App.svelte';
import { installTestHooks } from './client/test-hooks';
import './app.css';

installTestHooks();

export default mount(App, { target: document.getElementById('app') as HTMLElement });
