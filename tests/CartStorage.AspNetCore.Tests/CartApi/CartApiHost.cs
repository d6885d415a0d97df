using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Encodings.Web;
using CartStorage.Testing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CartStorage.AspNetCore.Tests.CartApi;

/// <summary>Where a test application keeps its carts, and how it is served.</summary>
public enum CartBackend
{
    Sqlite,
    Redis,
}

/// <summary>
/// An application as a shop writes it: <c>AddCartStorage(...).AddSqlite() or .AddRedis()</c>, <c>.AddCartOwner()</c>,
/// cookie authentication with a demo <c>POST /login</c>, a bearer scheme (<c>Authorization: Bearer {user}</c>, claim
/// <c>sub</c>) standing for any token handler, and <c>app.MapCartApi()</c>. Served by Kestrel on a loopback port, or
/// by TestServer.
/// </summary>
public sealed class CartApiHost : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly Uri address;
    private readonly bool kestrel;

    private CartApiHost(WebApplication app, Uri address, bool kestrel, ConcurrentQueue<string> logs)
    {
        this.app = app;
        Logs = logs;
        this.address = address;
        this.kestrel = kestrel;
    }

    /// <summary>The <c>keyRing</c> that leaves Data Protection's per-machine default in place.</summary>
    public const string MachineKeyRing = "(machine)";

    public IServiceProvider Services => app.Services;

    /// <summary>Log lines of the host, as "{Level}: {message}".</summary>
    public ConcurrentQueue<string> Logs { get; }

    public static async Task<CartApiHost> StartAsync(
        CartBackend backend,
        bool kestrel = true,
        Action<CartApiOptions>? api = null,
        Action<WebApplicationBuilder>? configure = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        string? keyRing = null)
    {
        var builder = WebApplication.CreateBuilder();
        var logs = new ConcurrentQueue<string>();
        builder.Logging.ClearProviders().AddProvider(new ListLoggerProvider(logs));
        if (kestrel)
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }
        else
        {
            builder.WebHost.UseTestServer();
        }

        var configuration = BackendSettings(backend);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        var cart = builder.Services.AddCartStorage(builder.Configuration.GetSection("Cart"));
        _ = backend == CartBackend.Sqlite ? cart.AddSqlite() : cart.AddRedis();
        cart.AddCartOwner();

        // A key ring of its own in a temporary folder, unless the test shares one or asks for the machine's default.
        if (keyRing != MachineKeyRing)
        {
            builder.Services.AddDataProtection()
                .PersistKeysToFileSystem(new DirectoryInfo(keyRing ?? Path.Combine(Path.GetTempPath(), "cart-keys-" + Guid.NewGuid().ToString("N"))))
                .SetApplicationName("cart-api-tests");
        }

        builder.Services.AddAuthentication(o => o.DefaultScheme = "cookie-or-bearer")
            .AddPolicyScheme("cookie-or-bearer", null, o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.Count > 0 ? TestBearerHandler.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o => o.Cookie.Name = ".test.auth")
            .AddScheme<AuthenticationSchemeOptions, TestBearerHandler>(TestBearerHandler.SchemeName, null);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapPost("/login", async (HttpContext http, string user) =>
        {
            var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user)], CookieAuthenticationDefaults.AuthenticationScheme));
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
            return Results.NoContent();
        });
        app.MapCartApi("/cart", api);
        await app.StartAsync();
        var address = kestrel
            ? new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single())
            : new Uri("http://localhost");
        return new CartApiHost(app, address, kestrel, logs);
    }

    /// <summary>A new browser: its own cookie jar.</summary>
    public Shopper Shopper(string? scheme = null)
    {
        HttpMessageHandler inner = kestrel ? new SocketsHttpHandler { UseCookies = false } : app.GetTestServer().CreateHandler();
        var jar = new CookieHandler(inner);
        var baseAddress = scheme is null ? address : new UriBuilder(address) { Scheme = scheme, Port = scheme == "https" ? 443 : address.Port }.Uri;
        return new Shopper(new HttpClient(jar) { BaseAddress = baseAddress }, jar);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static Dictionary<string, string?> BackendSettings(CartBackend backend) => backend switch
    {
        CartBackend.Sqlite => new()
        {
            ["Cart:Driver"] = "Database",
            ["Cart:Database:ConnectionString"] = $"Data Source={Path.Combine(Path.GetTempPath(), $"cart-api-{Guid.NewGuid():N}.db")}",
        },
        _ => new()
        {
            ["Cart:Driver"] = "Redis",
            ["Cart:Redis:Configuration"] = TestServers.RedisEndpoint,
            ["Cart:KeyPrefix"] = "api" + Guid.NewGuid().ToString("N")[..8],
        },
    };

    /// <summary><c>Authorization: Bearer {user}</c> signs in <c>{user}</c> with claim <c>sub</c>: any token handler's principal.</summary>
    private sealed class TestBearerHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "Bearer";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var header = Request.Headers.Authorization.ToString();
            if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var identity = new ClaimsIdentity([new Claim("sub", header["Bearer ".Length..])], SchemeName);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
        }
    }

    private sealed class ListLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ListLogger(lines);

        public void Dispose()
        {
        }

        private sealed class ListLogger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{logLevel}: {formatter(state, exception)}");
        }
    }
}
