using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Llama3Siem.Worker.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Llama3Siem.Worker.Tests.Api;

/// <summary>Authentication, roles, rate limits and error bodies of the API, against the real Kestrel server.</summary>
public sealed class ApiSecurityTests : IDisposable
{
    private static readonly string AnalystKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string AdminKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private readonly TempFolder _folder = new();

    private static string[] ApiKeySettings =>
    [
        "--Auth:ApiKeys:0:Name=soc-bot", "--Auth:ApiKeys:0:Key=" + AnalystKey, "--Auth:ApiKeys:0:Roles:0=analyst",
        "--Auth:ApiKeys:1:Name=lead", "--Auth:ApiKeys:1:Key=" + AdminKey, "--Auth:ApiKeys:1:Roles:0=admin",
    ];

    [Fact]
    public async Task Requests_without_credentials_are_refused_with_401_except_health()
    {
        await using var server = await ApiServer.StartAsync(_folder, true, ApiKeySettings);
        using var client = server.Client();
        var ct = TestContext.Current.CancellationToken;

        foreach (var path in new[] { "/api/incidents", "/api/incidents/inc-anything" })
        {
            using var response = await client.GetAsync(path, ct);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        using var health = await client.GetAsync("/healthz", ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var ready = await client.GetAsync("/readyz", ct);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var status = await ready.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal("reachable", status.GetProperty("store").GetString());
        Assert.Equal("not_configured", status.GetProperty("model").GetString());
    }

    [Fact]
    public async Task Configured_api_keys_are_accepted_as_bearer_or_header_and_unknown_keys_refused()
    {
        await using var server = await ApiServer.StartAsync(_folder, true, ApiKeySettings);
        var ct = TestContext.Current.CancellationToken;

        using var bearer = server.Client(AnalystKey);
        using var ok = await bearer.GetAsync("/api/incidents?limit=5", ct);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(5, (await ok.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("items").GetArrayLength());

        using var header = server.Client();
        header.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        using var admin = await header.GetAsync("/api/incidents?limit=1", ct);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);

        using var wrong = server.Client(AnalystKey[..^4] + "AAA=");
        using var refused = await wrong.GetAsync("/api/incidents", ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        Assert.False(File.Exists(_folder.File("api-key")), "with keys configured, no key is generated");
    }

    [Fact]
    public async Task Jwt_with_the_analyst_role_is_accepted_and_a_wrong_role_gets_403()
    {
        await using var server = await ApiServer.StartAsync(_folder, true, TestTokens.Settings);
        var ct = TestContext.Current.CancellationToken;

        using var analyst = server.Client(TestTokens.Create("alice", ["analyst"]));
        using var ok = await analyst.GetAsync("/api/incidents?limit=1", ct);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        using var viewer = server.Client(TestTokens.Create("bob", ["viewer"]));
        using var forbidden = await viewer.GetAsync("/api/incidents", ct);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal("application/problem+json", forbidden.Content.Headers.ContentType?.MediaType);

        using var nobody = server.Client(TestTokens.Create(null, ["analyst"]));
        using var anonymousToken = await nobody.GetAsync("/api/incidents", ct);
        Assert.Equal(HttpStatusCode.Forbidden, anonymousToken.StatusCode);

        var otherKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        foreach (var token in new[]
                 {
                     TestTokens.Create("mallory", ["analyst"], key: otherKey),
                     TestTokens.Create("mallory", ["analyst"], issuer: "https://elsewhere.example"),
                     TestTokens.Create("alice", ["analyst"], expires: DateTime.UtcNow.AddMinutes(-10)),
                 })
        {
            using var client = server.Client(token);
            using var refused = await client.GetAsync("/api/incidents", ct);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }
    }

    [Fact]
    public async Task A_refused_tokens_401_names_no_reason_and_its_body_holds_no_validation_detail()
    {
        await using var server = await ApiServer.StartAsync(_folder, true, TestTokens.Settings);
        var ct = TestContext.Current.CancellationToken;
        var otherKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        foreach (var token in new[]
                 {
                     TestTokens.Create("alice", ["analyst"], expires: DateTime.UtcNow.AddMinutes(-10)),
                     TestTokens.Create("alice", ["analyst"], key: otherKey),
                 })
        {
            using var client = server.Client(token);
            using var refused = await client.GetAsync("/api/incidents", ct);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("Bearer", Assert.Single(refused.Headers.WwwAuthenticate).ToString());
            var body = await refused.Content.ReadAsStringAsync(ct);
            foreach (var detail in new[] { "expired", "IDX", "lifetime", "signature", "exception", "valid" })
            {
                Assert.DoesNotContain(detail, body, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public async Task A_token_whose_subject_is_apikey_alice_has_neither_the_conversations_nor_the_rate_bucket_of_the_key_alice()
    {
        await using var server = await ApiServer.StartAsync(_folder, true,
            [.. TestTokens.Settings, "--Auth:ApiKeys:0:Name=alice", "--Auth:ApiKeys:0:Key=" + AnalystKey, "--Api:RequestsPerMinute=2"]);
        var ct = TestContext.Current.CancellationToken;
        using var key = server.Client(AnalystKey);
        using var impostor = server.Client(TestTokens.Create("apikey:alice", ["analyst"]));

        using var started = await key.PostAsJsonAsync("/api/chat", new { messages = new[] { new { role = "user", content = "Which hosts?" } } }, ct);
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        var conversation = (await started.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("conversationId").GetString();
        using var stolen = await impostor.PostAsJsonAsync("/api/chat",
            new { messages = new[] { new { role = "user", content = "And users?" } }, conversationId = conversation }, ct);
        Assert.Equal(HttpStatusCode.NotFound, stolen.StatusCode);

        // The key's bucket (two a minute) is now spent; the token's holds its own second request.
        (await ApiServer.ExpectAsync(key, HttpStatusCode.OK)).Dispose();
        (await ApiServer.ExpectAsync(key, HttpStatusCode.TooManyRequests)).Dispose();
        (await ApiServer.ExpectAsync(impostor, HttpStatusCode.OK)).Dispose();
    }

    [Fact]
    public async Task Without_configured_credentials_only_the_generated_key_works()
    {
        await using var server = await ApiServer.StartAsync(_folder);
        var ct = TestContext.Current.CancellationToken;
        var key = server.GeneratedKey;
        Assert.True(key.Length >= 40);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_folder.File("api-key")));
        }

        using var anonymous = server.Client();
        using var refused = await anonymous.GetAsync("/api/incidents", ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using var client = server.Client(key);
        using var ok = await client.GetAsync("/api/incidents", ct);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task A_user_over_the_limit_gets_429_with_retry_after_while_other_users_are_served()
    {
        await using var server = await ApiServer.StartAsync(_folder, true, [.. TestTokens.Settings, "--Api:RequestsPerMinute=3"]);
        var ct = TestContext.Current.CancellationToken;
        using var alice = server.Client(TestTokens.Create("alice", ["analyst"]));
        for (var i = 0; i < 3; i++)
        {
            using var ok = await alice.GetAsync("/api/incidents?limit=1", ct);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var limited = await alice.GetAsync("/api/incidents?limit=1", ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        var retryAfter = Assert.Single(limited.Headers.GetValues("Retry-After"));
        Assert.InRange(int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);

        using var bob = server.Client(TestTokens.Create("bob", ["analyst"]));
        using var other = await bob.GetAsync("/api/incidents?limit=1", ct);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);

        using var health = await alice.GetAsync("/healthz", ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task A_store_failure_answers_500_problem_without_exception_text()
    {
        await using var server = await ApiServer.StartAsync(_folder, true, ApiKeySettings);
        var ct = TestContext.Current.CancellationToken;
        using var client = server.Client(AnalystKey);
        using (var before = await client.GetAsync("/api/incidents?limit=1", ct))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        // Overwrite the database in place (same file, so open connections see it): every read now fails.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await using (var file = new FileStream(server.DatabasePath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            var garbage = new byte[8192];
            Array.Fill(garbage, (byte)'x');
            await file.WriteAsync(garbage, ct);
        }

        using var failed = await client.GetAsync("/api/incidents?q=lsass", ct);
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal("application/problem+json", failed.Content.Headers.ContentType?.MediaType);
        var body = await failed.Content.ReadAsStringAsync(ct);
        Assert.DoesNotContain("Sqlite", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("exception", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" at ", body, StringComparison.Ordinal);
        Assert.DoesNotContain("lsass", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Readiness_fails_with_the_reason_while_a_dead_letter_waits_past_its_limit_and_recovers_when_it_is_written()
    {
        await using var server = await ApiServer.StartAsync(_folder, true, [.. ApiKeySettings, "--DeadLetters:MaxWait=00:00:01"]);
        var ct = TestContext.Current.CancellationToken;
        using var client = server.Client();
        var backlog = server.Services.GetRequiredService<DeadLetterBacklog>();

        using (backlog.Add("events/2/1234"))
        {
            using var early = await client.GetAsync("/readyz", ct);
            Assert.Equal(HttpStatusCode.OK, early.StatusCode);
            await Task.Delay(1200, ct);

            using var late = await client.GetAsync("/readyz", ct);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, late.StatusCode);
            var status = await late.Content.ReadFromJsonAsync<JsonElement>(ct);
            Assert.Equal("not_ready", status.GetProperty("status").GetString());
            Assert.StartsWith("the dead letter of events/2/1234 has waited", status.GetProperty("deadLetters").GetString(), StringComparison.Ordinal);
        }

        using var after = await client.GetAsync("/readyz", ct);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Readiness_reports_the_configured_model_once_it_is_loaded()
    {
        await using var server = await ApiServer.StartAsync(_folder, true, ChatApiTests.TinyModelSettings(_folder));
        var ct = TestContext.Current.CancellationToken;
        using var client = server.Client();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        JsonElement status;
        while (true)
        {
            using var ready = await client.GetAsync("/readyz", ct);
            status = await ready.Content.ReadFromJsonAsync<JsonElement>(ct);
            if (ready.StatusCode == HttpStatusCode.OK)
            {
                break;
            }

            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal("loading", status.GetProperty("model").GetString());
            Assert.True(DateTime.UtcNow < deadline, "the model did not load within 60 s");
            await Task.Delay(100, ct);
        }

        Assert.Equal(("ready", "reachable", "loaded"), (status.GetProperty("status").GetString(), status.GetProperty("store").GetString(), status.GetProperty("model").GetString()));
    }

    [Fact]
    public async Task Invalid_auth_settings_stop_the_host_naming_the_setting()
    {
        var (exitCode, _, error) = await CliRunner.RunAsync("run", "--urls=http://127.0.0.1:0",
            "--Store:Sqlite:Path=" + _folder.File("x.db"), "--Auth:Jwt:Issuer=https://idp", "--Auth:Jwt:SigningKey=c2hvcnQ=",
            "--Auth:ApiKeys:0:Name=bot", "--Auth:ApiKeys:0:Key=short", "--Auth:ApiKeys:0:Roles:0=root",
            "--Auth:FailedAttempts:Limit=0", "--Auth:FailedAttempts:Window=00:00:00");
        Assert.Equal(2, exitCode);
        Assert.Contains("Auth:Jwt:Audience must be set", error, StringComparison.Ordinal);
        Assert.Contains("Auth:Jwt:SigningKey must be the base64 of at least 32 bytes (got 5)", error, StringComparison.Ordinal);
        Assert.Contains("Auth:ApiKeys:0:Key must be at least 32 characters (got 5)", error, StringComparison.Ordinal);
        Assert.Contains("Auth:ApiKeys:0:Roles must list roles", error, StringComparison.Ordinal);
        Assert.Contains("Auth:FailedAttempts:Limit must be between 1 and 10000 (got 0)", error, StringComparison.Ordinal);
        Assert.Contains("Auth:FailedAttempts:Window must be between 00:00:01 and 1.00:00:00 (got 00:00:00)", error, StringComparison.Ordinal);
        Assert.DoesNotContain("short", error, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
