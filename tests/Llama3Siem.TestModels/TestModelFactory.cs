namespace Llama3Siem.TestModels;

/// <summary>
/// Writes llama-architecture GGUF models with random weights, a Llama-3-style byte-level BPE tokenizer and a
/// Llama 3 chat template. Their text is meaningless, but loading, tokenizing, templating, grammar sampling,
/// batching and caching run for real. The same shape and seed always give the same bytes.
/// </summary>
public static class TestModelFactory
{
    /// <summary>
    /// Llama 3's chat format in Jinja. llama.cpp recognises it by its header markers; like Llama 3's own
    /// template it writes the BOS token first.
    /// </summary>
    public const string ChatTemplate =
        "{{- bos_token -}}" +
        "{%- for message in messages -%}" +
        "{{- '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n' + (message['content'] | trim) + '<|eot_id|>' -}}" +
        "{%- endfor -%}" +
        "{%- if add_generation_prompt -%}{{- '<|start_header_id|>assistant<|end_header_id|>\\n\\n' -}}{%- endif -%}";

    /// <summary>Writes the <see cref="ModelShape.Tiny"/> model (F32, ~3 MB) to <paramref name="path"/> and returns the path.</summary>
    public static string WriteTiny(string path, int seed = 1) => Write(path, ModelShape.Tiny, seed);

    public static string Write(string path, ModelShape shape, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentException.ThrowIfNullOrEmpty(path);
        shape.Validate();

        var vocabulary = TestVocabulary.Build(shape.VocabularySize);
        var gguf = new GgufWriter();
        AddModelMetadata(gguf, shape, vocabulary.Count);
        AddTokenizerMetadata(gguf, vocabulary);
        AddTensors(gguf, shape, vocabulary.Count, seed);

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        gguf.WriteTo(path);
        return path;
    }

    private static void AddModelMetadata(GgufWriter gguf, ModelShape shape, int vocabularySize)
    {
        gguf.Add("general.architecture", "llama");
        gguf.Add("general.name", shape.Name);
        gguf.Add("general.file_type", shape.WeightType == GgufTensorType.Q8_0 ? 7u : 0u);
        gguf.Add("llama.vocab_size", (uint)vocabularySize);
        gguf.Add("llama.context_length", (uint)shape.ContextLength);
        gguf.Add("llama.embedding_length", (uint)shape.EmbeddingLength);
        gguf.Add("llama.block_count", (uint)shape.BlockCount);
        gguf.Add("llama.feed_forward_length", (uint)shape.FeedForwardLength);
        gguf.Add("llama.attention.head_count", (uint)shape.HeadCount);
        gguf.Add("llama.attention.head_count_kv", (uint)shape.KvHeadCount);
        gguf.Add("llama.attention.layer_norm_rms_epsilon", 1e-5f);
        gguf.Add("llama.rope.dimension_count", (uint)shape.HeadDimension);
        gguf.Add("llama.rope.freq_base", 500000f);
    }

    private static void AddTokenizerMetadata(GgufWriter gguf, TestVocabulary vocabulary)
    {
        gguf.Add("tokenizer.ggml.model", "gpt2");
        gguf.Add("tokenizer.ggml.pre", "llama-bpe");
        gguf.Add("tokenizer.ggml.tokens", vocabulary.Tokens);
        gguf.Add("tokenizer.ggml.token_type", vocabulary.TokenTypes);
        gguf.Add("tokenizer.ggml.merges", vocabulary.Merges);
        gguf.Add("tokenizer.ggml.bos_token_id", (uint)vocabulary.BeginOfTextId);
        // Llama 3 Instruct files name <|eot_id|> as EOS so that generation ends at the end of the turn.
        gguf.Add("tokenizer.ggml.eos_token_id", (uint)vocabulary.EndOfTurnId);
        gguf.Add("tokenizer.ggml.eot_token_id", (uint)vocabulary.EndOfTurnId);
        gguf.Add("tokenizer.ggml.padding_token_id", (uint)vocabulary.EndOfTextId);
        gguf.Add("tokenizer.ggml.add_bos_token", true);
        gguf.Add("tokenizer.chat_template", ChatTemplate);
    }

    private static void AddTensors(GgufWriter gguf, ModelShape shape, int vocabularySize, int seed)
    {
        long embd = shape.EmbeddingLength;
        var matrixType = shape.WeightType;

        // Scales are chosen so activations stay O(1) and output logits spread by a few units:
        // the distribution is neither flat nor collapsed, like a real model's.
        AddRandom(gguf, "token_embd.weight", [embd, vocabularySize], matrixType, seed, 1.0f);
        if (shape.TiedEmbeddings)
        {
            // The output reuses the embedding (scale 1.0); a smaller final norm keeps the logits' spread as
            // with a separate output matrix of scale 0.3.
            AddConstant(gguf, "output_norm.weight", embd, 0.3f);
        }
        else
        {
            AddConstant(gguf, "output_norm.weight", embd, 1f);
            AddRandom(gguf, "output.weight", [embd, vocabularySize], matrixType, seed, 0.3f);
        }

        var attentionScale = 1.7f / MathF.Sqrt(shape.EmbeddingLength);
        var downScale = 1.7f / MathF.Sqrt(shape.FeedForwardLength);
        for (var block = 0; block < shape.BlockCount; block++)
        {
            var prefix = $"blk.{block}.";
            AddConstant(gguf, prefix + "attn_norm.weight", embd, 1f);
            AddRandom(gguf, prefix + "attn_q.weight", [embd, embd], matrixType, seed, attentionScale);
            AddRandom(gguf, prefix + "attn_k.weight", [embd, shape.KvEmbeddingLength], matrixType, seed, attentionScale);
            AddRandom(gguf, prefix + "attn_v.weight", [embd, shape.KvEmbeddingLength], matrixType, seed, attentionScale);
            AddRandom(gguf, prefix + "attn_output.weight", [embd, embd], matrixType, seed, attentionScale);
            AddConstant(gguf, prefix + "ffn_norm.weight", embd, 1f);
            AddRandom(gguf, prefix + "ffn_gate.weight", [embd, shape.FeedForwardLength], matrixType, seed, attentionScale);
            AddRandom(gguf, prefix + "ffn_up.weight", [embd, shape.FeedForwardLength], matrixType, seed, attentionScale);
            AddRandom(gguf, prefix + "ffn_down.weight", [shape.FeedForwardLength, embd], matrixType, seed, downScale);
        }
    }

    private static void AddConstant(GgufWriter gguf, string name, long length, float value) =>
        gguf.AddTensor(name, [length], GgufTensorType.F32, (_, row) => row.Fill(value));

    private static void AddRandom(GgufWriter gguf, string name, long[] dimensions, GgufTensorType type, int seed, float scale)
    {
        // One generator per tensor, created when the tensor is written, so a rewrite gives the same values.
        DeterministicRandom? random = null;
        gguf.AddTensor(name, dimensions, type, (row, values) =>
        {
            if (row == 0)
            {
                random = DeterministicRandom.For(seed, name);
            }

            for (var i = 0; i < values.Length; i++)
            {
                values[i] = random!.NextSigned() * scale;
            }
        });
    }
}
