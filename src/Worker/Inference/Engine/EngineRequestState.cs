namespace Llama3Siem.Worker.Inference.Engine;

/// <summary>Where a request is in the engine.</summary>
internal enum EngineRequestState
{
    /// <summary>Waiting for a sequence slot and KV space.</summary>
    Queued,

    /// <summary>Admitted; its prefix is still being decoded by the cache entry it will fork from.</summary>
    WaitingForPrefix,

    /// <summary>Its own prompt tokens are queued for decoding.</summary>
    Prefilling,

    /// <summary>Generating: one token per engine step.</summary>
    Decoding,
}
