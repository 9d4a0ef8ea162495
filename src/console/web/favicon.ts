/** The dashboard's icon: an eye (raqib, "watcher") on the header's navy, as SVG (served at /favicon.ico). */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
<rect width="32" height="32" rx="6" fill="#12263a"/>
<path d="M4 16c3-5 7-8 12-8s9 3 12 8c-3 5-7 8-12 8S7 21 4 16z" fill="#cfe3f5"/>
<circle cx="16" cy="16" r="5" fill="#0f5e9c"/><circle cx="16" cy="16" r="2" fill="#12263a"/>
</svg>`;
