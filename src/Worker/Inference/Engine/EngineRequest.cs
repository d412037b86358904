using System.Threading.Channels;
using LLama;
using LLama.Batched;
using LLama.Native;
using LLama.Sampling;

namespace Llama3Siem.Worker.Inference.Engine;

/// <summary>One completion request and everything the engine loop tracks for it. Only the loop mutates it.</summary>
internal sealed class EngineRequest(CompletionRequest request, LLamaToken[] prompt, TokenSequence? prefix, long submitted, CancellationToken cancellationToken)
{
    public CompletionRequest Request { get; } = request;

    public LLamaToken[] Prompt { get; } = prompt;

    /// <summary>The leading tokens that a cached prefix may serve; null when the request has none.</summary>
    public TokenSequence? Prefix { get; } = prefix;

    public long Submitted { get; } = submitted;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public TaskCompletionSource<Completion> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Receives text pieces as they are generated, for streaming callers.</summary>
    public ChannelWriter<string>? Stream { get; init; }

    public EngineRequestState State { get; set; } = EngineRequestState.Queued;

    /// <summary>When set, the logits the first token is sampled from are copied here (tests compare cached and cold prefills).</summary>
    public float[]? FirstLogits { get; set; }

    public bool CaptureFirstLogits { get; init; }

    public Conversation? Conversation { get; set; }

    public PrefixEntry? PrefixEntry { get; set; }

    public DefaultSamplingPipeline? Sampler { get; set; }

    public StreamingTokenDecoder? Decoder { get; set; }

    public int Generated { get; set; }

    /// <summary>The answer so far (streamed pieces included).</summary>
    public System.Text.StringBuilder Text { get; } = new();

    /// <summary>How often the engine had to restart this request after a decode failure.</summary>
    public int Restarts { get; set; }

    public int CachedTokens { get; set; }

    public long? FirstToken { get; set; }

    public long? LastToken { get; set; }

    /// <summary>Whether any text has reached a streaming caller (then a restart would repeat it).</summary>
    public bool Streamed { get; set; }

    /// <summary>KV cells this request may still need beyond shared prefix cells: its own prompt tokens plus its answer.</summary>
    public int ReservedCells => Prompt.Length - (PrefixEntry is null ? 0 : Prefix!.Length) + Request.Sampling.MaxTokens;

    /// <summary>Frees the sequence, the sampler and its hold on a cached prefix. Safe to call twice.</summary>
    public void Release()
    {
        Conversation?.Dispose();
        Conversation = null;
        Sampler?.Dispose();
        Sampler = null;
        if (PrefixEntry is { } entry)
        {
            entry.Users--;
            PrefixEntry = null;
        }
    }
}
