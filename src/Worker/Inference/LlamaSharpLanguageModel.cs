using System.Diagnostics;
using System.Text;
using LLama;
using LLama.Native;
using LLama.Sampling;
using Llama3Siem.Prompts.Templates;
using Microsoft.Extensions.Logging;

namespace Llama3Siem.Worker.Inference;

/// <summary>
/// One GGUF model and one llama.cpp context, driven by one generation loop at a time: calls are serialised,
/// the KV cache is cleared between them, so each answer depends only on its prompt, settings and seed.
/// (Batching many sequences through one decode is the batched engine's job, not this class's.)
/// </summary>
internal sealed class LlamaSharpLanguageModel : ILanguageModel
{
    private static readonly LLamaSeqId Sequence = LLamaSeqId.Zero;

    private readonly LLamaWeights _weights;
    private readonly PromptTokenizer _tokenizer;
    private readonly LLamaContext _context;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _disposing = new();
    private readonly int _batchSize;
    private int _disposed;

    internal LlamaSharpLanguageModel(LLamaWeights weights, LLamaContext context, ModelDescriptor descriptor, ILogger logger)
    {
        _weights = weights;
        _tokenizer = new PromptTokenizer(weights);
        _context = context;
        _logger = logger;
        _batchSize = checked((int)context.BatchSize);
        Descriptor = descriptor;
    }

    public ModelDescriptor Descriptor { get; }

    public int CountTokens(string text)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _tokenizer.CountContentTokens(text);
    }

    public int CountTokens(TemplatedPrompt prompt)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _tokenizer.Tokenize(prompt).Length;
    }

    /// <remarks>The grammar's start rule must be named <c>root</c>.</remarks>
    /// <exception cref="PromptTooLongException">The prompt and <see cref="SamplingSettings.MaxTokens"/> do not fit the context.</exception>
    public async Task<Completion> CompleteAsync(CompletionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Sampling);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Sampling.MaxTokens, 1, "request.Sampling.MaxTokens");
        ArgumentOutOfRangeException.ThrowIfNegative(request.Sampling.Temperature, "request.Sampling.Temperature");
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token);
        await _gate.WaitAsync(linked.Token).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            // Native decoding blocks its thread for the whole answer; keep it off the caller's.
            return await Task.Run(() => Generate(request, linked.Token), linked.Token).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IReadOnlyList<Completion>> CompleteManyAsync(IReadOnlyList<CompletionRequest> requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var completions = new List<Completion>(requests.Count);
        foreach (var request in requests)
        {
            completions.Add(await CompleteAsync(request, cancellationToken).ConfigureAwait(false));
        }

        return completions;
    }

    /// <remarks>This single-sequence model yields the whole answer at once; the engine streams token by token.</remarks>
    public async IAsyncEnumerable<string> StreamAsync(CompletionRequest request, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var completion = await CompleteAsync(request, cancellationToken).ConfigureAwait(false);
        yield return completion.Text;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Stop a running generation, then wait for it to leave the context before freeing native memory.
        _disposing.Cancel();
        _gate.Wait();
        _context.Dispose();
        _weights.Dispose();
        _gate.Dispose();
        _disposing.Dispose();
    }

    private Completion Generate(CompletionRequest request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var sampling = request.Sampling;
        var prompt = _tokenizer.Tokenize(request.Prompt);
        var contextSize = checked((int)_context.ContextSize);
        if (prompt.Length + sampling.MaxTokens > contextSize)
        {
            throw new PromptTooLongException(prompt.Length, sampling.MaxTokens, contextSize);
        }

        if (prompt.Length == 0)
        {
            throw new ArgumentException("The prompt is empty.", nameof(request));
        }

        // Every request starts from an empty cache: answers must not depend on what ran before.
        _context.NativeHandle.MemoryClear(data: false);

        var batch = new LLamaBatch();
        DecodePrompt(prompt, batch, cancellationToken);

        using var sampler = new DefaultSamplingPipeline
        {
            Temperature = sampling.Temperature,
            TopP = sampling.TopP,
            Seed = sampling.Seed,
            Grammar = request.Grammar is null ? null : new Grammar(request.Grammar, "root"),
            PreventEOS = request.IgnoreEndOfTurn,
        };
        var decoder = new StreamingTokenDecoder(_context);
        var vocabulary = _weights.Vocab;
        var logitsIndex = batch.TokenCount - 1;
        var position = prompt.Length;
        var generated = 0;
        var reachedEnd = false;
        TimeSpan? firstToken = null;

        try
        {
            while (generated < sampling.MaxTokens)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var token = sampler.Sample(_context.NativeHandle, logitsIndex);
                firstToken ??= Stopwatch.GetElapsedTime(started);
                if (token.IsEndOfGeneration(vocabulary))
                {
                    reachedEnd = true;
                    break;
                }

                decoder.Add(token);
                generated++;
                if (generated == sampling.MaxTokens)
                {
                    break;
                }

                batch.Clear();
                batch.Add(token, position++, Sequence, true);
                Decode(batch);
                logitsIndex = 0;
            }
        }
        catch (OperationCanceledException)
        {
            Log.CompletionCancelled(_logger, generated);
            throw;
        }

        var total = Stopwatch.GetElapsedTime(started);
        var completion = new Completion(decoder.Read(), prompt.Length, generated, firstToken ?? total, total, HitTokenLimit: !reachedEnd,
            DecodeTime: total - (firstToken ?? total));
        Log.CompletionFinished(_logger, completion.PromptTokens, completion.GeneratedTokens,
            completion.TimeToFirstToken.TotalMilliseconds, completion.Total.TotalMilliseconds, completion.HitTokenLimit);
        return completion;
    }

    /// <summary>Decodes the prompt in chunks of the context's batch size; logits only for its last token.</summary>
    private void DecodePrompt(LLamaToken[] prompt, LLamaBatch batch, CancellationToken cancellationToken)
    {
        for (var start = 0; start < prompt.Length; start += _batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            batch.Clear();
            var end = Math.Min(start + _batchSize, prompt.Length);
            for (var i = start; i < end; i++)
            {
                batch.Add(prompt[i], i, Sequence, i == prompt.Length - 1);
            }

            Decode(batch);
        }
    }

    private void Decode(LLamaBatch batch)
    {
        var result = _context.Decode(batch);
        if (result != DecodeResult.Ok)
        {
            throw new InvalidOperationException($"llama.cpp could not decode a batch of {batch.TokenCount} tokens: {result}.");
        }
    }
}
