using System.Net;
using Llama3Siem.Worker.Api;
using Llama3Siem.Worker.Configuration;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Llama3Siem.Worker.Tests.Api;

/// <summary>The per-address failure counter on its own: windows, the bound on addresses, and how addresses are keyed.</summary>
public sealed class FailedAuthenticationsTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 6, 0, 0, TimeSpan.Zero));
    private readonly FakeLogger<FailedAuthentications> _logger = new();

    [Fact]
    public void An_address_is_refused_from_its_limit_until_its_window_ends_and_then_starts_afresh()
    {
        using var failures = Create(limit: 2, window: TimeSpan.FromSeconds(30));
        failures.Record("192.0.2.1");
        Assert.Null(failures.RetryAfter("192.0.2.1"));
        _time.Advance(TimeSpan.FromSeconds(10));
        failures.Record("192.0.2.1");

        Assert.Equal(TimeSpan.FromSeconds(20), failures.RetryAfter("192.0.2.1"));
        Assert.Null(failures.RetryAfter("192.0.2.2"));

        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.Null(failures.RetryAfter("192.0.2.1"));
        failures.Record("192.0.2.1");
        Assert.Null(failures.RetryAfter("192.0.2.1"));
        Assert.Equal(1, failures.TrackedAddresses);
    }

    [Fact]
    public void Each_window_is_logged_once_when_it_ends_with_its_failures_and_refusals()
    {
        using var failures = Create(limit: 2, window: TimeSpan.FromMinutes(1));
        failures.Record("192.0.2.1");
        failures.Record("192.0.2.1");
        failures.RetryAfter("192.0.2.1");
        failures.RetryAfter("192.0.2.1");
        Assert.Equal(0, _logger.Collector.Count);

        // Nobody calls again: the sweep timer ends the window.
        _time.Advance(TimeSpan.FromMinutes(1));

        var line = Assert.Single(_logger.Collector.GetSnapshot());
        Assert.Equal(("192.0.2.1", "2", "2"), (line.GetStructuredStateValue("Address"), line.GetStructuredStateValue("Failures"), line.GetStructuredStateValue("Refused")));
        Assert.Equal(0, failures.TrackedAddresses);
    }

    [Fact]
    public void At_the_cap_the_address_whose_window_started_first_is_forgotten_and_logged()
    {
        using var failures = Create(limit: 1, window: TimeSpan.FromMinutes(1), maxAddresses: 2);
        failures.Record("192.0.2.1");
        _time.Advance(TimeSpan.FromSeconds(1));
        failures.Record("192.0.2.2");
        failures.Record("192.0.2.3");

        Assert.Equal(2, failures.TrackedAddresses);
        Assert.Null(failures.RetryAfter("192.0.2.1"));
        Assert.NotNull(failures.RetryAfter("192.0.2.2"));
        Assert.NotNull(failures.RetryAfter("192.0.2.3"));
        Assert.Equal("192.0.2.1", Assert.Single(_logger.Collector.GetSnapshot()).GetStructuredStateValue("Address"));
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData(null, "unknown")]
    public void Addresses_are_counted_as_IPv4_or_by_their_IPv6_64_bit_prefix(string? remote, string key) =>
        Assert.Equal(key, FailedAuthentications.AddressOf(remote is null ? null : IPAddress.Parse(remote)));

    private FailedAuthentications Create(int limit, TimeSpan window, int maxAddresses = 100) => new(
        Options.Create(new AuthOptions { FailedAttempts = new FailedAttemptsOptions { Limit = limit, Window = window, MaxAddresses = maxAddresses } }),
        _time,
        _logger);
}
