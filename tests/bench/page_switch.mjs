// A page switch as the user feels it, timed inside the page: from the click on the navigation link named `link`
// to the second frame after it (Playwright's own round trips and actionability checks are not the page's cost).
export function timedSwitch(page, link) {
    return page.evaluate((text) => new Promise((resolve) => {
        const anchor = [...document.querySelectorAll('nav a')].find((a) => a.textContent.trim() === text);
        const started = performance.now();
        anchor.click();
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - started)));
    }), link);
}
