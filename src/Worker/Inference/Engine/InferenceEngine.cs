using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using LLama;
using LLama.Batched;
using LLama.Common;
using LLama.Native;
using LLama.Sampling;
using Llama3Siem.Prompts.Templates;
using Microsoft.Extensions.Logging;

namespace Llama3Siem.Worker.Inference.Engine;

/// <summary>
/// The one place that runs the model. A single loop owns LLamaSharp's <see cref="BatchedExecutor"/> (its
/// <c>Infer</c> must never run concurrently); callers only enqueue requests and await their results.
/// </summary>
/// <remarks>
/// <para>Continuous batching: up to <see cref="LlamaOptions.MaxSequences"/> sequences decode together, one
/// token each per step; a new request joins at the next step and a finished one frees its slot at once.</para>
/// <para>Prefix cache: a request's <see cref="CompletionRequest.StablePrefix"/> is decoded once into a root
/// sequence and forked into every request that starts with the same tokens (<see cref="PrefixCache"/>).</para>
/// <para>Priorities: interactive requests are admitted first and may use one slot beyond the limit, so chat
/// never waits behind enrichment; while batch work waits and none runs, interactive work leaves it a slot,
/// so enrichment never starves.</para>
/// <para>Memory: a request is admitted only when its own prompt and answer fit in the KV cells not reserved by
/// others (cached prefixes are evicted to make room), so <c>NoKvSlot</c> should not happen; if it does, idle
/// prefixes are evicted, and as a last resort the executor is rebuilt and unstreamed requests restart.</para>
/// </remarks>
public sealed partial class InferenceEngine : ILanguageModel
{
    /// <summary>The meter the engine reports on (see <see cref="EngineMetrics"/>).</summary>
    public const string MeterName = EngineMetrics.MeterName;

    private readonly LLamaWeights _weights;
    private readonly PromptTokenizer _tokenizer;
    private readonly ModelParams _parameters;
    private readonly LlamaOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<IReadOnlyList<EngineRequest>> _incoming;
    private readonly LinkedList<EngineRequest> _interactive = new();
    private readonly LinkedList<EngineRequest> _batch = new();
    private readonly List<EngineRequest> _active = [];
    private readonly ConcurrentDictionary<string, LLamaToken[]> _prefixTokens = new(StringComparer.Ordinal);
    private readonly PrefixCache _prefixes;
    private readonly EngineMetrics _metrics;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private BatchedExecutor _executor;
    private int _queued;
    private int _disposed;

    internal InferenceEngine(LLamaWeights weights, ModelParams parameters, LlamaOptions options, ModelDescriptor descriptor, ILogger logger)
    {
        _weights = weights;
        _tokenizer = new PromptTokenizer(weights);
        _parameters = parameters;
        _options = options;
        _logger = logger;
        Descriptor = descriptor;
        _executor = new BatchedExecutor(weights, parameters);
        _prefixes = new PrefixCache(options.PrefixCacheTokens, MaxPrefixEntries);
        _metrics = new EngineMetrics(() => Volatile.Read(ref _activeCount), () => Volatile.Read(ref _queued), () => Volatile.Read(ref _prefixTokensHeld));
        _incoming = Channel.CreateBounded<IReadOnlyList<EngineRequest>>(new BoundedChannelOptions(options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _loop = Task.Factory.StartNew(RunAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    /// <summary>Cached prefixes kept at most (one per prompt kind and version is the expected use).</summary>
    internal const int MaxPrefixEntries = 8;

    /// <summary>A request that was running through this many rebuilds fails instead of restarting again.</summary>
    private const int MaxRestarts = 2;

    private int _activeCount;
    private int _prefixTokensHeld;

    public ModelDescriptor Descriptor { get; }

    /// <summary>Sequences llama.cpp must be able to tell apart: every slot, the interactive extra slot, and the cached prefixes.</summary>
    internal static uint SequencesNeeded(LlamaOptions options) => (uint)(options.MaxSequences + 1 + MaxPrefixEntries);

    public int CountTokens(string text) => _tokenizer.CountContentTokens(text);

    public int CountTokens(TemplatedPrompt prompt) => _tokenizer.Tokenize(prompt).Length;

    /// <summary>
    /// The tokens the engine decodes for <paramref name="prompt"/>, each marked with whether it came from the
    /// template's markup: lets tests prove at this boundary that no special token comes from content.
    /// </summary>
    internal (LLamaToken[] Tokens, bool[] FromMarkup) TokenizeForInspection(TemplatedPrompt prompt) => _tokenizer.Tokenize(prompt, addBos: true);

    /// <summary>Whether a token is one of the vocabulary's special (control) tokens.</summary>
    internal bool IsSpecial(LLamaToken token) => _tokenizer.IsSpecial(token);

    public async Task<Completion> CompleteAsync(CompletionRequest request, CancellationToken cancellationToken)
    {
        var submitted = Prepare(request, stream: null, cancellationToken);
        await SubmitAsync([submitted], cancellationToken).ConfigureAwait(false);
        return await submitted.Result.Task.ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Completion>> CompleteManyAsync(IReadOnlyList<CompletionRequest> requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 0)
        {
            return [];
        }

        var submitted = requests.Select(r => Prepare(r, stream: null, cancellationToken)).ToList();

        // One channel item: the loop admits the whole group in one step, so a group decodes the same way every run.
        await SubmitAsync(submitted, cancellationToken).ConfigureAwait(false);
        return await Task.WhenAll(submitted.Select(s => s.Result.Task)).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<string> StreamAsync(CompletionRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pieces = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var submitted = Prepare(request, pieces.Writer, cancellationToken);
        await SubmitAsync([submitted], cancellationToken).ConfigureAwait(false);
        await foreach (var piece in pieces.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return piece;
        }

        // Surfaces a failure or cancellation that ended the stream early.
        await submitted.Result.Task.ConfigureAwait(false);
    }

    /// <summary>
    /// The logits the request's first token is sampled from: lets tests prove that a prompt served from the prefix
    /// cache sees the same distribution as the same prompt decoded cold.
    /// </summary>
    internal async Task<float[]> FirstTokenLogitsAsync(CompletionRequest request, CancellationToken cancellationToken)
    {
        var prepared = Prepare(request with { Sampling = request.Sampling with { MaxTokens = 1 } }, stream: null, cancellationToken);
        var capturing = new EngineRequest(prepared.Request, prepared.Prompt, prepared.Prefix, prepared.Submitted, cancellationToken) { CaptureFirstLogits = true };
        await SubmitAsync([capturing], cancellationToken).ConfigureAwait(false);
        await capturing.Result.Task.ConfigureAwait(false);
        return capturing.FirstLogits ?? throw new InvalidOperationException("No logits were captured.");
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _incoming.Writer.TryComplete();
        _stopping.Cancel();
        try
        {
            _loop.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            // The loop ends by cancellation.
        }

        foreach (var request in _active.Concat(_interactive).Concat(_batch))
        {
            request.Release();
            Fail(request, new ObjectDisposedException(nameof(InferenceEngine)));
        }

        while (_incoming.Reader.TryRead(out var group))
        {
            foreach (var request in group)
            {
                Fail(request, new ObjectDisposedException(nameof(InferenceEngine)));
            }
        }

        _executor.Dispose();
        _weights.Dispose();
        _metrics.Dispose();
        _stopping.Dispose();
    }

    private EngineRequest Prepare(CompletionRequest request, ChannelWriter<string>? stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Sampling.MaxTokens, 1, "request.Sampling.MaxTokens");
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

        var prompt = _tokenizer.Tokenize(request.Prompt);
        if (prompt.Length == 0)
        {
            throw new ArgumentException("The prompt is empty.", nameof(request));
        }

        var limit = Math.Min(_options.ContextSize, _options.KvCacheTokens);
        if (prompt.Length + request.Sampling.MaxTokens > limit)
        {
            throw new PromptTooLongException(prompt.Length, request.Sampling.MaxTokens, limit);
        }

        return new EngineRequest(request, prompt, PrefixOf(request, prompt), Stopwatch.GetTimestamp(), cancellationToken) { Stream = stream };
    }

    /// <summary>
    /// The tokens of the request's stable prefix, when it has one and at least one prompt token follows it (a fork
    /// needs a token of its own to produce logits from). Parts are tokenised one by one, so the prefix's tokens
    /// are exactly the prompt's leading tokens.
    /// </summary>
    private TokenSequence? PrefixOf(CompletionRequest request, LLamaToken[] prompt)
    {
        if (request.Prompt.StablePrefix is not { } stable)
        {
            return null;
        }

        var key = request.Prompt.StablePrefixKey;
        var prefix = _prefixTokens.Count < 64
            ? _prefixTokens.GetOrAdd(key, _ => _tokenizer.Tokenize(stable))
            : _prefixTokens.TryGetValue(key, out var known) ? known : _tokenizer.Tokenize(stable);
        if (prefix.Length == 0 || prefix.Length >= prompt.Length || !prompt.AsSpan(0, prefix.Length).SequenceEqual(prefix))
        {
            return null;
        }

        return new TokenSequence(prefix);
    }

    private async Task SubmitAsync(IReadOnlyList<EngineRequest> group, CancellationToken cancellationToken)
    {
        Interlocked.Add(ref _queued, group.Count);
        try
        {
            await _incoming.Writer.WriteAsync(group, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            Interlocked.Add(ref _queued, -group.Count);
            throw new ObjectDisposedException(nameof(InferenceEngine));
        }
        catch
        {
            Interlocked.Add(ref _queued, -group.Count);
            throw;
        }
    }

    private async Task RunAsync()
    {
        var stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                DrainIncoming();
                RetireCancelled();
                Admit();
                ForkReadyPrefixes();
                Volatile.Write(ref _activeCount, _active.Count);
                Volatile.Write(ref _prefixTokensHeld, _prefixes.Tokens);

                if (_executor.BatchQueueCount == 0)
                {
                    if (_active.Count == 0 && _interactive.Count == 0 && _batch.Count == 0)
                    {
                        if (!await _incoming.Reader.WaitToReadAsync(stopping).ConfigureAwait(false))
                        {
                            break;
                        }
                    }
                    else if (_active.Count == 0)
                    {
                        // Queued work that cannot be admitted with nothing running can never fit.
                        RejectUnfittable();
                    }

                    continue;
                }

                var result = await _executor.Infer(CancellationToken.None).ConfigureAwait(false);
                _metrics.Steps.Add(1, new KeyValuePair<string, object?>("result", result.ToString()));
                switch (result)
                {
                    case DecodeResult.Ok:
                        SampleAll();
                        break;
                    case DecodeResult.NoKvSlot:
                        LogNoKvSlot(_logger, _active.Count, _prefixes.Count);
                        if (!_prefixes.EvictOne())
                        {
                            Rebuild(new InvalidOperationException("The KV cache is full and nothing could be evicted."));
                        }

                        break;
                    default:
                        Rebuild(new InvalidOperationException($"llama.cpp failed to decode a batch: {result}."));
                        break;
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // The loop must survive anything one request can cause: fail what was running and start clean.
                LogLoopFailure(_logger, ex);
                Rebuild(ex);
            }
        }
    }

    private void DrainIncoming()
    {
        while (_incoming.Reader.TryRead(out var group))
        {
            foreach (var request in group)
            {
                (request.Request.Priority == RequestPriority.Interactive ? _interactive : _batch).AddLast(request);
            }
        }
    }

    /// <summary>Cancelled requests leave as soon as none of their tokens are waiting in a queued batch.</summary>
    private void RetireCancelled()
    {
        foreach (var queue in new[] { _interactive, _batch })
        {
            for (var node = queue.First; node is not null;)
            {
                var next = node.Next;
                if (node.Value.CancellationToken.IsCancellationRequested)
                {
                    queue.Remove(node);
                    Interlocked.Decrement(ref _queued);
                    Cancel(node.Value);
                }

                node = next;
            }
        }

        for (var i = _active.Count - 1; i >= 0; i--)
        {
            var request = _active[i];
            if (request.CancellationToken.IsCancellationRequested && request.Conversation is not { RequiresInference: true })
            {
                _active.RemoveAt(i);
                request.Release();
                Cancel(request);
            }
        }
    }

    private void Admit()
    {
        while (NextToAdmit() is { } node)
        {
            var request = node.Value;
            var free = _options.KvCacheTokens - ReservedCells();
            var prefixCached = request.Prefix is not null && _prefixes.TryGet(request.Prefix, out _);
            var needed = request.Prompt.Length - (prefixCached ? request.Prefix!.Length : 0) + request.Request.Sampling.MaxTokens;
            while (needed > free && _prefixes.EvictOne())
            {
                free = _options.KvCacheTokens - ReservedCells();
                prefixCached = request.Prefix is not null && _prefixes.TryGet(request.Prefix, out _);
                needed = request.Prompt.Length - (prefixCached ? request.Prefix!.Length : 0) + request.Request.Sampling.MaxTokens;
            }

            if (needed > free)
            {
                return;
            }

            node.List!.Remove(node);
            Interlocked.Decrement(ref _queued);
            try
            {
                Start(request);
            }
            catch (Exception ex)
            {
                // A bad request (say, a grammar llama.cpp rejects) fails alone.
                _active.Remove(request);
                request.Release();
                Fail(request, ex);
            }
        }
    }

    /// <summary>
    /// Interactive first, and it may take one slot beyond the limit; but while batch work waits with none
    /// running, interactive work stops one slot short of the limit so enrichment always progresses.
    /// </summary>
    private LinkedListNode<EngineRequest>? NextToAdmit()
    {
        var batchRunning = _active.Any(r => r.Request.Priority == RequestPriority.Batch);
        var interactiveLimit = _batch.Count > 0 && !batchRunning ? _options.MaxSequences - 1 : _options.MaxSequences + 1;
        if (_interactive.First is { } interactive && _active.Count < Math.Max(1, interactiveLimit))
        {
            return interactive;
        }

        return _batch.First is { } batch && _active.Count < _options.MaxSequences ? batch : null;
    }

    /// <summary>KV cells spoken for: cached prefixes plus every active request's own prompt and answer.</summary>
    private int ReservedCells() => _prefixes.Tokens + _active.Sum(r => r.ReservedCells);

    private void Start(EngineRequest request)
    {
        var sampling = request.Request.Sampling;
        request.Sampler = new DefaultSamplingPipeline
        {
            Temperature = sampling.Temperature,
            TopP = sampling.TopP,
            Seed = sampling.Seed,
            Grammar = request.Request.Grammar is null ? null : new Grammar(request.Request.Grammar, "root"),
            PreventEOS = request.Request.IgnoreEndOfTurn,
        };
        request.Decoder = new StreamingTokenDecoder(_executor.Context);
        _active.Add(request);

        var now = Stopwatch.GetTimestamp();
        if (request.Prefix is { } prefix)
        {
            if (_prefixes.TryGet(prefix, out var entry))
            {
                request.CachedTokens = prefix.Length;
            }
            else
            {
                entry = _prefixes.TryAdd(_executor, prefix, now);
            }

            if (entry is not null)
            {
                entry.Users++;
                entry.LastUsed = now;
                request.PrefixEntry = entry;
                request.State = EngineRequestState.WaitingForPrefix;
                return;
            }
        }

        request.Conversation = _executor.Create();
        request.Conversation.Prompt(request.Prompt);
        request.State = EngineRequestState.Prefilling;
    }

    private void ForkReadyPrefixes()
    {
        foreach (var request in _active)
        {
            if (request is { State: EngineRequestState.WaitingForPrefix, PrefixEntry: { Ready: true } entry })
            {
                entry.LastUsed = Stopwatch.GetTimestamp();
                request.Conversation = entry.Root.Fork();
                request.Conversation.Prompt(request.Prompt.AsSpan(request.Prefix!.Length));
                request.State = EngineRequestState.Prefilling;
            }
        }
    }

    private void SampleAll()
    {
        var ready = new List<EngineRequest>(_active.Count);
        for (var i = _active.Count - 1; i >= 0; i--)
        {
            var request = _active[i];
            if (request.Conversation is not { RequiresSampling: true })
            {
                continue;
            }

            if (request.CancellationToken.IsCancellationRequested)
            {
                _active.RemoveAt(i);
                request.Release();
                Cancel(request);
                continue;
            }

            if (request.CaptureFirstLogits && request.FirstLogits is null)
            {
                request.FirstLogits = request.Conversation.Sample().ToArray();
            }

            ready.Add(request);
        }

        // Sampling is a few milliseconds per sequence against a decode step of tens to hundreds: it stays on the
        // loop (sampling the sequences in parallel was measured and bought nothing on the benchmark model).
        var tokens = new LLamaToken[ready.Count];
        for (var i = 0; i < ready.Count; i++)
        {
            tokens[i] = ready[i].Conversation!.Sample(ready[i].Sampler!);
        }

        var vocabulary = _weights.Vocab;
        var now = Stopwatch.GetTimestamp();
        for (var i = 0; i < ready.Count; i++)
        {
            Advance(ready[i], tokens[i], vocabulary, now);
        }
    }

    /// <summary>Takes one sampled token: ends the request, or streams its text and queues it for the next step.</summary>
    private void Advance(EngineRequest request, LLamaToken token, SafeLlamaModelHandle.Vocabulary vocabulary, long now)
    {
        request.FirstToken ??= now;
        request.LastToken = now;
        request.State = EngineRequestState.Decoding;

        var endOfTurn = token.IsEndOfGeneration(vocabulary);
        if (endOfTurn && !request.Request.IgnoreEndOfTurn)
        {
            _active.Remove(request);
            Finish(request, hitTokenLimit: false);
            return;
        }

        request.Generated++;
        if (!endOfTurn)
        {
            request.Decoder!.Add(token);
            if (request.Decoder.AvailableCharacters > 0)
            {
                var piece = request.Decoder.Read();
                request.Text.Append(piece);
                if (request.Stream is { } stream)
                {
                    stream.TryWrite(piece);
                    request.Streamed = true;
                }
            }
        }

        if (request.Generated >= request.Request.Sampling.MaxTokens)
        {
            _active.Remove(request);
            Finish(request, hitTokenLimit: true);
            return;
        }

        request.Conversation!.Prompt(token);
    }

    private void Finish(EngineRequest request, bool hitTokenLimit)
    {
        var rest = request.Decoder!.Read();
        request.Text.Append(rest);
        request.Release();
        var end = request.LastToken ?? Stopwatch.GetTimestamp();
        var firstToken = Stopwatch.GetElapsedTime(request.Submitted, request.FirstToken ?? end);
        var completion = new Completion(
            request.Text.ToString(),
            request.Prompt.Length,
            request.Generated,
            firstToken,
            Stopwatch.GetElapsedTime(request.Submitted, end),
            hitTokenLimit,
            request.CachedTokens,
            Stopwatch.GetElapsedTime(request.FirstToken ?? end, end));
        if (request.Stream is { } stream)
        {
            if (rest.Length > 0)
            {
                stream.TryWrite(rest);
            }

            stream.TryComplete();
        }

        var priority = new KeyValuePair<string, object?>("priority", request.Request.Priority == RequestPriority.Interactive ? "interactive" : "batch");
        _metrics.PromptTokens.Add(completion.PromptTokens, priority);
        _metrics.CachedPromptTokens.Add(completion.CachedPromptTokens, priority);
        _metrics.GeneratedTokens.Add(completion.GeneratedTokens, priority);
        _metrics.TimeToFirstToken.Record(completion.TimeToFirstToken.TotalSeconds, priority);
        _metrics.DecodeRate.Record(completion.DecodeTokensPerSecond, priority);
        _metrics.Requests.Add(1, priority, new KeyValuePair<string, object?>("outcome", "completed"));
        LogCompleted(_logger, completion.PromptTokens, completion.CachedPromptTokens, completion.GeneratedTokens,
            completion.TimeToFirstToken.TotalMilliseconds, completion.DecodeTokensPerSecond, _active.Count);
        request.Result.TrySetResult(completion);
    }

    private void Cancel(EngineRequest request)
    {
        request.Stream?.TryComplete(new OperationCanceledException(request.CancellationToken));
        _metrics.Requests.Add(1, new KeyValuePair<string, object?>("outcome", "cancelled"));
        request.Result.TrySetCanceled(request.CancellationToken);
    }

    private void Fail(EngineRequest request, Exception error)
    {
        request.Stream?.TryComplete(error);
        _metrics.Requests.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));
        request.Result.TrySetException(error);
    }

    private void RejectUnfittable()
    {
        foreach (var queue in new[] { _interactive, _batch })
        {
            while (queue.First is { } node)
            {
                queue.Remove(node);
                Interlocked.Decrement(ref _queued);
                Fail(node.Value, new PromptTooLongException(node.Value.Prompt.Length, node.Value.Request.Sampling.MaxTokens, _options.KvCacheTokens));
            }
        }
    }

    /// <summary>
    /// Last resort after a decode failure: a fresh executor (the old one's queued batches cannot be taken
    /// back), an empty prefix cache, and every running request restarted from its prompt at the front of its
    /// queue, except one that already streamed text, which fails rather than repeat itself.
    /// </summary>
    private void Rebuild(Exception cause)
    {
        LogRebuild(_logger, _active.Count, cause.GetType().Name);
        var running = _active.ToList();
        _active.Clear();
        foreach (var request in running)
        {
            // The conversations die with the old executor; only the managed parts need freeing.
            request.Sampler?.Dispose();
            request.Sampler = null;
            request.Conversation = null;
            request.PrefixEntry = null;
            request.Restarts++;
        }

        _prefixes.Abandon();
        _executor.Dispose();
        _executor = new BatchedExecutor(_weights, _parameters);

        foreach (var request in Enumerable.Reverse(running))
        {
            if (request.Streamed || request.CancellationToken.IsCancellationRequested || request.Restarts > MaxRestarts)
            {
                Fail(request, new InvalidOperationException("The inference engine was reset while this request ran.", cause));
                continue;
            }

            request.State = EngineRequestState.Queued;
            request.Generated = 0;
            request.Text.Clear();
            request.CachedTokens = 0;
            request.FirstToken = null;
            request.LastToken = null;
            (request.Request.Priority == RequestPriority.Interactive ? _interactive : _batch).AddFirst(request);
            Interlocked.Increment(ref _queued);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Completed: {PromptTokens} prompt tokens ({CachedTokens} from the prefix cache), {Generated} generated, first token after {FirstTokenMs:F0} ms, {TokensPerSecond:F1} tokens/s, {Active} still active")]
    private static partial void LogCompleted(ILogger logger, int promptTokens, int cachedTokens, int generated, double firstTokenMs, double tokensPerSecond, int active);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The KV cache is full ({Active} active sequences, {Prefixes} cached prefixes); evicting a cached prefix")]
    private static partial void LogNoKvSlot(ILogger logger, int active, int prefixes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rebuilding the inference engine after {Cause}; {Active} running requests restart")]
    private static partial void LogRebuild(ILogger logger, int active, string cause);

    [LoggerMessage(Level = LogLevel.Error, Message = "The inference loop failed")]
    private static partial void LogLoopFailure(ILogger logger, Exception exception);
}
