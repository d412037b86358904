using Llama3Siem.Worker.Chat;
using Llama3Siem.Worker.Configuration;
using Llama3Siem.Worker.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Llama3Siem.Worker.Api;

/// <summary>
/// The web host of <c>run</c> when <c>Api:Enabled</c>: the worker's services plus Kestrel, authentication behind a
/// per-address limit on failures, per-user rate limiting, problem details, the API and the analysts' page. The
/// address is the standard <c>urls</c> setting (<c>--urls</c> or <c>ASPNETCORE_URLS</c>),
/// <see cref="ApiOptions.DefaultUrls"/> when unset.
/// </summary>
internal static partial class ApiHost
{
    public static WebApplicationBuilder CreateBuilder(IEnumerable<string> configurationArgs)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = Directory.GetCurrentDirectory(),
            EnvironmentName = WorkerHost.EnvironmentName(),
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });

        // The same sources, in the same order, as every other command; ASPNETCORE_URLS still maps to `urls`.
        builder.Configuration.Sources.Clear();
        // Failed authentications are logged once per address and window (FailedAuthentications), not by each
        // handler for each failure; a setting can still lower these levels to debug authentication.
        builder.Configuration.AddInMemoryCollection(
        [
            new("urls", ApiOptions.DefaultUrls),
            new("Logging:LogLevel:Microsoft.AspNetCore.Authentication", "Warning"),
            new("Logging:LogLevel:" + typeof(ApiKeyAuthenticationHandler).FullName, "Warning"),
        ]);
        builder.Configuration.AddEnvironmentVariables("ASPNETCORE_");
        WorkerHost.Configure(builder, configurationArgs);

        var api = builder.Configuration.GetSection(ApiOptions.SectionName).Get<ApiOptions>() ?? new ApiOptions();
        var auth = builder.Configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        var services = builder.Services;
        services.AddLlama3SiemApiOptions(builder.Configuration);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = api.MaxRequestBytes;
        });

        // Validation runs before the host starts; only build what valid settings can build.
        var authValid = new AuthOptionsValidator().Validate(null, auth).Succeeded;
        var generatedKey = authValid && !auth.HasCredentials ? ApiAuthentication.GenerateKeyFile(auth.GeneratedKeyPath) : null;
        services.AddSingleton(new GeneratedApiKey(generatedKey is null ? null : Path.GetFullPath(auth.GeneratedKeyPath)));
        services.AddLlama3SiemAuthentication(authValid ? auth : new AuthOptions(), generatedKey);
        services.AddLlama3SiemRateLimiting(Math.Max(1, api.RequestsPerMinute));
        services.AddLlama3SiemProblemDetails();
        services.AddOpenApi();
        // Nothing here uses cookies or protected payloads: keep the framework's keys in memory, not in a profile folder.
        services.AddDataProtection();
        services.Configure<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>(keys => keys.XmlRepository = new InMemoryKeyRepository());
        services.AddHostedService<StoreInitializer>();
        services.AddHostedService<ModelWarmUp>();
        services.AddLlama3SiemChat();
        return builder;
    }

    public static WebApplication Build(WebApplicationBuilder builder)
    {
        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(SecurityHeaders);
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(app.Environment.WebRootPath) });
        app.UseFailedAuthenticationThrottle();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapHealthApi();
        // Only the health probes and the sign-in page's static files (which hold no data) are open to anyone.
        app.MapOpenApi().RequireAuthorization(ApiAuthentication.AnalystPolicy);
        app.MapGroup("/api")
            .RequireAuthorization(ApiAuthentication.AnalystPolicy)
            .RequireRateLimiting(ApiRateLimiting.PerUserPolicy)
            .MapIncidentsApi()
            .MapChatApi()
            .MapReportsApi();

        if (app.Services.GetRequiredService<GeneratedApiKey>().Path is { } keyPath)
        {
            LogGeneratedKey(app.Logger, keyPath);
        }

        return app;
    }

    /// <summary>The page and API never need to be framed, sniffed or to leak referrers; scripts load from this origin only.</summary>
    private static Task SecurityHeaders(HttpContext context, Func<Task> next)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";
        headers.CacheControl = "no-store";
        return next();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No Auth:Jwt or Auth:ApiKeys configured: the API accepts only the analyst key generated for this run, written to {Path}")]
    private static partial void LogGeneratedKey(ILogger logger, string path);
}

/// <summary>Where the key generated for this run was written, when no credentials were configured.</summary>
internal sealed record GeneratedApiKey(string? Path);
