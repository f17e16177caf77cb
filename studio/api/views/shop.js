/** One exhibitor's sales target and stock (the state's `shop`, computed by studio/shop/stock.py),
 * for the exhibitor and presenter views: a progress bar to the target, a chip per counted product. */
import { money } from "./push.js";

/** Fill `element` with `shop` (null hides it); rebuilt only when the shop changed. */
export function showShop(studio, element, shop) {
  element.hidden = !shop;
  if (!shop) return;
  const key = JSON.stringify(shop);
  if (element.dataset.shown === key) return;
  element.dataset.shown = key;
  const parts = [];
  if (shop.target !== null) {
    const goal = make("div", shop.met ? "goal met" : "goal");
    const percent = Math.round(100 * (shop.share ?? 0));
    const words = shop.met ? `Target met: ${money(studio, shop.revenue)} of ${money(studio, shop.target)}`
      : `${money(studio, shop.revenue)} of ${money(studio, shop.target)} target`;
    const bar = make("div", "bar");
    const fill = make("div", "fill");
    fill.style.width = `${Math.min(100, percent)}%`;
    bar.append(fill);
    goal.append(make("div", "words", `${words} · ${percent} %`), bar);
    parts.push(goal);
  }
  if (shop.products.length) {
    const stock = make("div", "stock");
    stock.append(...shop.products.map((p) => make("span", `chip ${p.status}`, `${p.name}: ${p.words}`)));
    parts.push(stock);
  }
  element.replaceChildren(...parts);
}

function make(tag, className, text = "") {
  const element = document.createElement(tag);
  element.className = className;
  element.textContent = text;
  return element;
}
