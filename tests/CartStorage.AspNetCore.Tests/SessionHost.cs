using System.Collections.Concurrent;
using CartStorage.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CartStorage.AspNetCore.Tests;

/// <summary>
/// A real ASP.NET Core application on <see cref="TestServer"/>: session middleware, cart storage registered with
/// <c>AddCartStorage(...).AddSession()</c>, and one endpoint, <c>POST /{call id}</c>, that runs a test's code inside
/// the request (see <see cref="SessionClient"/>). The pipeline, the session cookie, the session load and the
/// middleware's commit are ASP.NET Core's own.
/// </summary>
public sealed class SessionHost : IAsyncLifetime
{
    private readonly ConcurrentDictionary<Guid, Func<HttpContext, Task>> calls = new();
    private readonly Action<IServiceCollection> configureServices;
    private readonly bool useSession;
    private WebApplication app = null!;

    /// <summary>The default host, as an xunit class fixture.</summary>
    public SessionHost()
        : this(_ => { }, useSession: true)
    {
    }

    private SessionHost(Action<IServiceCollection> configureServices, bool useSession)
    {
        this.configureServices = configureServices;
        this.useSession = useSession;
    }

    public IServiceProvider Services => app.Services;

    public IHttpContextAccessor Accessor => Services.GetRequiredService<IHttpContextAccessor>();

    /// <summary>Starts a host whose services are changed by <paramref name="configureServices"/> (after the cart registrations).</summary>
    public static async Task<SessionHost> StartAsync(Action<IServiceCollection>? configureServices = null, bool useSession = true)
    {
        var host = new SessionHost(configureServices ?? (_ => { }), useSession);
        await host.InitializeAsync();
        return host;
    }

    /// <summary>A new browser: its own cookie jar, so its own session once a write establishes one.</summary>
    public SessionClient CreateClient() => new(this, app.GetTestServer().CreateHandler());

    /// <summary>A storage over the current request's session with these options, not registered in DI.</summary>
    public SessionStorage CreateStorage(CartStorageOptions options) =>
        new(Accessor, Microsoft.Extensions.Options.Options.Create(options));

    internal Guid Register(Func<HttpContext, Task> call)
    {
        var id = Guid.NewGuid();
        calls[id] = call;
        return id;
    }

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddCartStorage(options => options.Driver = CartDriver.Session).AddSession();
        configureServices(builder.Services);

        app = builder.Build();
        if (useSession)
        {
            app.UseSession();
        }

        app.Run(async context =>
        {
            var id = Guid.Parse(context.Request.Path.Value.AsSpan(1));
            calls.TryRemove(id, out var call).Should().BeTrue("every call is registered once before its request");
            await call!(context);
        });
        await app.StartAsync();
    }

    public async Task DisposeAsync() => await app.DisposeAsync();
}
