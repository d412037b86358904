using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Llama3Siem.Worker.Api;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Llama3Siem.Worker.Tests.Api;

/// <summary>
/// Failed authentications against the real Kestrel server: counted per client address, refused with 429 before any
/// credential is checked once over the limit, summarised in one log line per address and window.
/// </summary>
public sealed class FailedAuthenticationThrottleTests : IDisposable
{
    private const int Limit = 3;
    private static readonly string Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string WrongKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly IPAddress Elsewhere = IPAddress.Parse("127.0.0.2");

    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task Past_the_limit_an_address_gets_429_with_retry_after_even_for_a_good_key_until_its_window_passes()
    {
        await using var server = await StartAsync();
        using (var refused = await GuessUntilRefusedAsync(server))
        {
            Assert.Equal(60, RetryAfter(refused));
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        using var owner = server.Client(Key);
        (await ApiServer.ExpectAsync(owner, HttpStatusCode.TooManyRequests)).Dispose();
        using var header = server.Client();
        header.DefaultRequestHeaders.Add("X-Api-Key", Key);
        (await ApiServer.ExpectAsync(header, HttpStatusCode.TooManyRequests)).Dispose();

        _time.Advance(TimeSpan.FromSeconds(45));
        using (var stillRefused = await ApiServer.ExpectAsync(owner, HttpStatusCode.TooManyRequests))
        {
            Assert.Equal(15, RetryAfter(stillRefused));
        }

        _time.Advance(TimeSpan.FromSeconds(15));
        (await ApiServer.ExpectAsync(owner, HttpStatusCode.OK)).Dispose();
    }

    [Fact]
    public async Task While_one_address_is_refused_another_address_and_requests_without_credentials_are_served()
    {
        await using var server = await StartAsync();
        (await GuessUntilRefusedAsync(server)).Dispose();

        using var elsewhere = server.Client(Key, from: Elsewhere);
        (await ApiServer.ExpectAsync(elsewhere, HttpStatusCode.OK)).Dispose();
        using var guessElsewhere = server.Client(WrongKey, from: Elsewhere);
        await FailAsync(guessElsewhere, Limit - 1);

        // Probes and the sign-in page check no credential, so a shared address (a proxy, a NAT) keeps them.
        using var anonymous = server.Client();
        (await ApiServer.ExpectAsync(anonymous, HttpStatusCode.OK, "/healthz")).Dispose();
        (await ApiServer.ExpectAsync(anonymous, HttpStatusCode.Unauthorized)).Dispose();
    }

    [Fact]
    public async Task Failures_are_logged_once_per_address_and_window_with_their_count_and_never_the_credential()
    {
        await using var server = await StartAsync(TestTokens.Settings);
        var expired = TestTokens.Create("alice", ["analyst"], expires: DateTime.UtcNow.AddMinutes(-10));
        var forged = TestTokens.Create("alice", ["analyst"], key: Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        foreach (var credential in new[] { WrongKey, expired, forged })
        {
            using var client = server.Client(credential);
            await FailAsync(client, 1);
        }

        using var owner = server.Client(Key);
        (await ApiServer.ExpectAsync(owner, HttpStatusCode.TooManyRequests)).Dispose();
        using var elsewhere = server.Client(WrongKey, from: Elsewhere);
        await FailAsync(elsewhere, 1);
        var collector = server.Services.GetFakeLogCollector();
        Assert.Empty(WindowLines(collector));

        _time.Advance(TimeSpan.FromMinutes(1));

        var windows = WindowLines(collector);
        Assert.Equal(2, windows.Count);
        var local = Assert.Single(windows, r => r.GetStructuredStateValue("Address") == "127.0.0.1");
        Assert.Equal(LogLevel.Information, local.Level);
        Assert.Equal(("3", "1"), (local.GetStructuredStateValue("Failures"), local.GetStructuredStateValue("Refused")));
        Assert.Equal("1", Assert.Single(windows, r => r.GetStructuredStateValue("Address") == "127.0.0.2").GetStructuredStateValue("Failures"));

        var records = collector.GetSnapshot();
        Assert.DoesNotContain(records, r => r.Level >= LogLevel.Information
            && (r.Category?.StartsWith("Microsoft.AspNetCore.Authentication", StringComparison.Ordinal) == true
                || r.Category == typeof(ApiKeyAuthenticationHandler).FullName));
        foreach (var secret in new[] { Key, WrongKey, expired, forged, expired.Split('.')[2], forged.Split('.')[2] })
        {
            Assert.DoesNotContain(records, r => $"{r.Message} {r.Exception}".Contains(secret, StringComparison.Ordinal));
        }
    }

    public void Dispose() => _folder.Dispose();

    private Task<ApiServer> StartAsync(params string[] settings) => ApiServer.StartAsync(_folder, services =>
    {
        services.Replace(ServiceDescriptor.Singleton<TimeProvider>(_time));
        services.AddFakeLogging();
    }, true, [
        "--Auth:ApiKeys:0:Name=alice", "--Auth:ApiKeys:0:Key=" + Key,
        "--Auth:FailedAttempts:Limit=" + Limit, "--Auth:FailedAttempts:Window=00:01:00",
        // As an operator would run it: the handlers' own per-failure lines must stay quiet at Information too.
        "--Logging:LogLevel:Default=Information",
        .. settings,
    ]);

    /// <summary>Fails <see cref="Limit"/> times from 127.0.0.1; the 429 that follows is returned.</summary>
    private static async Task<HttpResponseMessage> GuessUntilRefusedAsync(ApiServer server)
    {
        using var guesser = server.Client(WrongKey);
        await FailAsync(guesser, Limit);
        return await ApiServer.ExpectAsync(guesser, HttpStatusCode.TooManyRequests);
    }

    private static async Task FailAsync(HttpClient client, int times)
    {
        for (var i = 0; i < times; i++)
        {
            (await ApiServer.ExpectAsync(client, HttpStatusCode.Unauthorized)).Dispose();
        }
    }

    private static int RetryAfter(HttpResponseMessage response) =>
        int.Parse(Assert.Single(response.Headers.GetValues("Retry-After")), CultureInfo.InvariantCulture);

    private static List<FakeLogRecord> WindowLines(FakeLogCollector collector) =>
        collector.GetSnapshot().Where(r => r.Category == typeof(FailedAuthentications).FullName).ToList();
}
