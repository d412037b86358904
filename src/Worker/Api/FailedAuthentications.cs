using System.Net;
using System.Net.Sockets;
using Llama3Siem.Worker.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Llama3Siem.Worker.Api;

/// <summary>
/// Failed authentications per client address, in a window that starts at the address's first failure and lasts
/// <see cref="FailedAttemptsOptions.Window"/>. An address with <see cref="FailedAttemptsOptions.Limit"/> failures in
/// its window must wait for the window's end. Each window is logged once, when it ends, with its counts: never one
/// line per failure, and nothing from the credential.
/// </summary>
/// <remarks>
/// Memory is bounded: at most <see cref="FailedAttemptsOptions.MaxAddresses"/> windows are held, and the oldest is
/// dropped (and logged) to make room. Every window lasts the same time, so the list in order of start is also in
/// order of end: the ended windows are always at its head, and a sweep stops at the first that is still open.
/// </remarks>
internal sealed partial class FailedAuthentications : IDisposable
{
    private readonly FailedAttemptsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ITimer _sweeper;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, LinkedListNode<Window>> _byAddress = new(StringComparer.Ordinal);
    private readonly LinkedList<Window> _byStart = new();

    public FailedAuthentications(IOptions<AuthOptions> options, TimeProvider time, ILogger<FailedAuthentications> logger)
    {
        _options = options.Value.FailedAttempts;
        _time = time;
        _logger = logger;
        // Calls sweep too, but an address that goes quiet must still have its window logged.
        _sweeper = time.CreateTimer(_ => Log(Sweep()), null, _options.Window, _options.Window);
    }

    /// <summary>Addresses with an open window.</summary>
    public int TrackedAddresses
    {
        get
        {
            lock (_lock)
            {
                return _byAddress.Count;
            }
        }
    }

    /// <summary>
    /// The key failures are counted under: the address, an IPv4-mapped one as IPv4, and an IPv6 one by its /64 (a
    /// single host usually holds a whole /64, so counting single addresses would not slow it down).
    /// </summary>
    public static string AddressOf(IPAddress? remote)
    {
        if (remote is null)
        {
            return "unknown";
        }

        if (remote.IsIPv4MappedToIPv6)
        {
            return remote.MapToIPv4().ToString();
        }

        if (remote.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return remote.ToString();
        }

        var bytes = remote.GetAddressBytes();
        bytes.AsSpan(8).Clear();
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>How long <paramref name="address"/> must still wait, or null when its credentials may be checked now.</summary>
    public TimeSpan? RetryAfter(string address)
    {
        TimeSpan? wait = null;
        List<Window>? ended;
        lock (_lock)
        {
            ended = SweepHeld();
            if (_byAddress.TryGetValue(address, out var node) && node.Value.Failures >= _options.Limit)
            {
                node.Value.Refused++;
                wait = node.Value.End - _time.GetUtcNow();
            }
        }

        Log(ended);
        return wait;
    }

    /// <summary>Counts one failed authentication from <paramref name="address"/>.</summary>
    public void Record(string address)
    {
        List<Window>? ended;
        lock (_lock)
        {
            ended = SweepHeld();
            if (!_byAddress.TryGetValue(address, out var node))
            {
                if (_byAddress.Count >= _options.MaxAddresses)
                {
                    (ended ??= []).Add(RemoveHeld(_byStart.First!));
                }

                var now = _time.GetUtcNow();
                node = _byStart.AddLast(new Window(address, now, now + _options.Window));
                _byAddress.Add(address, node);
            }

            node.Value.Failures++;
        }

        Log(ended);
    }

    public void Dispose() => _sweeper.Dispose();

    private List<Window>? Sweep()
    {
        lock (_lock)
        {
            return SweepHeld();
        }
    }

    private List<Window>? SweepHeld()
    {
        var now = _time.GetUtcNow();
        List<Window>? ended = null;
        while (_byStart.First is { } oldest && oldest.Value.End <= now)
        {
            (ended ??= []).Add(RemoveHeld(oldest));
        }

        return ended;
    }

    private Window RemoveHeld(LinkedListNode<Window> node)
    {
        _byStart.Remove(node);
        _byAddress.Remove(node.Value.Address);
        return node.Value;
    }

    // Outside the lock: a slow log provider must not hold up authentication.
    private void Log(List<Window>? ended)
    {
        foreach (var window in ended ?? [])
        {
            LogWindow(_logger, window.Address, window.Failures, window.Start, window.Refused);
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "{Address} failed authentication {Failures} times in the window from {WindowStart:u}; {Refused} later requests were refused with 429")]
    private static partial void LogWindow(ILogger logger, string address, int failures, DateTimeOffset windowStart, int refused);

    private sealed class Window(string address, DateTimeOffset start, DateTimeOffset end)
    {
        public string Address { get; } = address;

        public DateTimeOffset Start { get; } = start;

        public DateTimeOffset End { get; } = end;

        public int Failures { get; set; }

        public int Refused { get; set; }
    }
}
