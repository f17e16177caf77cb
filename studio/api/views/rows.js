// A table body kept in step with the state's segments: rebuilt only when a new state arrives.

let shown = null;

/** Fill `body` with one row a segment: `cells(segment)` gives its texts ({text, kind} adds a class);
 * the row's class is its status; column `wide` takes the room left. */
export function fillRows(body, state, cells, wide = 2) {
  if (!state || state === shown) return;
  shown = state;
  const rows = state.segments.map((segment) => {
    const row = document.createElement("tr");
    row.className = segment.status;
    row.dataset.segment = segment.id;
    for (const [i, value] of cells(segment).entries()) {
      const cell = document.createElement("td");
      cell.className = i === wide ? "wide" : "t";
      if (value && typeof value === "object") {
        cell.textContent = value.text;
        cell.classList.add(value.kind);
      } else {
        cell.textContent = value ?? "";
      }
      row.append(cell);
    }
    return row;
  });
  body.replaceChildren(...rows);
  const onAir = body.querySelector("tr.on_air");
  if (onAir) onAir.scrollIntoView({ block: "nearest" });
}
