// A custom model that answers embeddings in a shape an llm/v1/embeddings endpoint cannot read:
// one row {"embedding": [...]} per input instead of a bare list of floats. The gateway warns
// about it at start-up and answers 502 when it is queried.
export default {
  predict(_context, rows) {
    return rows.map((row) => ({ embedding: [row.input.length / 10, 0.5, -0.25] }));
  },
};
