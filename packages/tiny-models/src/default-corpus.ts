/** The text the tiny tokenizers learn from (BPE merges) and take their whole words from. */
export const DEFAULT_CORPUS = [
  'The mill race carries water from the river to the wheel of the mill, and the wheel turns the stones.',
  'Hello! How are you today? I am fine, thank you. The capital of France is Paris.',
  'A user asks a question and the assistant gives an answer; the system sets the rules of the chat.',
  'Models are saved, logged, registered and served: they predict, stream and embed text.',
].join('\n');
