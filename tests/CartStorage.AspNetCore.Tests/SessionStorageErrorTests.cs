using System.Net;
using System.Net.Sockets;
using CartStorage.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace CartStorage.AspNetCore.Tests;

/// <summary>
/// No request, no session middleware, a session store that is down or refuses writes, a response already started:
/// each is a <see cref="CartStorageException"/> that says what is wrong, never a NullReferenceException or an empty cart.
/// </summary>
public sealed class SessionStorageErrorTests
{
    private const string Default = "default";

    [Fact]
    public async Task Outside_a_request_every_call_says_it_needs_the_current_request()
    {
        var storage = new SessionStorage(new HttpContextAccessor(), Microsoft.Extensions.Options.Options.Create(new CartStorageOptions()));

        (await FluentActions.Awaiting(() => storage.GetAsync("u", Default)).Should().ThrowExactlyAsync<CartStorageException>())
            .Which.Message.Should().Contain("IHttpContextAccessor.HttpContext is null").And.Contain("inside a request");
        await FluentActions.Awaiting(() => storage.PutItemsAsync("u", Default, [CartData.Item("a")])).Should().ThrowExactlyAsync<CartStorageException>();
        await FluentActions.Awaiting(() => storage.FlushAsync()).Should().ThrowExactlyAsync<CartStorageException>();
    }

    [Fact]
    public async Task Without_the_session_middleware_calls_say_to_add_UseSession()
    {
        await using var host = await SessionHost.StartAsync(useSession: false);
        using var client = host.CreateClient();
        var storage = host.Services.GetRequiredService<ICartStorage>();

        var error = await FluentActions.Awaiting(() => client.RunAsync(async context =>
        {
            FluentActions.Invoking(() => context.Session).Should().Throw<InvalidOperationException>("this is what the storage must not let through");
            await storage.PutItemsAsync("u", Default, [CartData.Item("a")]);
        })).Should().ThrowExactlyAsync<CartStorageException>();

        error.Which.Message.Should().Contain("app.UseSession()");
        await FluentActions.Awaiting(() => client.RunAsync(_ => storage.GetAsync("u", Default))).Should().ThrowExactlyAsync<CartStorageException>();
    }

    [Fact]
    public async Task A_session_store_that_cannot_be_loaded_is_an_error_not_an_empty_cart()
    {
        await using var host = await StartWithUnreachableStoreAsync();
        using var client = host.CreateClient();
        var storage = host.Services.GetRequiredService<ICartStorage>();

        var error = await FluentActions.Awaiting(() => client.RunAsync(_ => storage.GetAsync("u", Default))).Should().ThrowExactlyAsync<CartStorageUnavailableException>();

        error.Which.Message.Should().Contain("The session store").And.Contain("loading the session").And.Contain("nothing was written");
        error.Which.InnerException.Should().BeOfType<RedisConnectionException>();
    }

    [Fact]
    public async Task A_session_that_is_not_available_is_an_error_not_an_empty_cart()
    {
        await using var host = await StartWithUnreachableStoreAsync();
        using var client = host.CreateClient();
        var storage = host.Services.GetRequiredService<ICartStorage>();

        var error = await FluentActions.Awaiting(() => client.RunAsync(async context =>
        {
            // Application code touched the session synchronously first: ASP.NET Core logged the store error and
            // left an empty session that ignores writes.
            context.Session.IsAvailable.Should().BeFalse();
            await storage.GetAsync("u", Default);
        })).Should().ThrowExactlyAsync<CartStorageUnavailableException>();

        error.Which.Message.Should().Contain("IsAvailable is false");
        await FluentActions.Awaiting(() => client.RunAsync(context =>
        {
            _ = context.Session.IsAvailable;
            return storage.PutItemsAsync("u", Default, [CartData.Item("a")]);
        })).Should().ThrowExactlyAsync<CartStorageUnavailableException>();
    }

    [Fact]
    public async Task A_commit_the_session_store_refuses_is_an_error_and_the_change_is_undone()
    {
        // A real Redis that accepts reads and refuses writes: an ACL user without the @write commands.
        var admin = (await TestServers.RedisAsync()).GetDatabase();
        var user = "cart-readonly-" + Guid.NewGuid().ToString("N");
        var password = Guid.NewGuid().ToString("N");
        await admin.ExecuteAsync("ACL", "SETUSER", user, "on", ">" + password, "~*", "&*", "+@all", "-@write");
        try
        {
            var options = ConfigurationOptions.Parse(TestServers.RedisEndpoint);
            options.User = user;
            options.Password = password;
            await using var readOnly = await ConnectionMultiplexer.ConnectAsync(options);
            var store = new RedisCache(new RedisCacheOptions { ConnectionMultiplexerFactory = () => Task.FromResult<IConnectionMultiplexer>(readOnly) });
            await using var host = await SessionHost.StartAsync(services => services.AddSingleton<IDistributedCache>(store));
            using var client = host.CreateClient();
            var storage = host.Services.GetRequiredService<ICartStorage>();

            var (error, afterwards) = await client.RunAsync(async _ =>
            {
                var thrown = await FluentActions.Awaiting(() => storage.PutItemsAsync("u", Default, [CartData.Item("a")])).Should().ThrowExactlyAsync<CartStorageException>();
                return (thrown.Which, await storage.GetAsync("u", Default));
            });

            error.Message.Should().Contain("committing the session to its store failed");
            error.InnerException!.Message.Should().Contain("NOPERM");
            afterwards.Should().BeNull("the change is undone in the request's session, not left to a commit that fails silently");
        }
        finally
        {
            await admin.ExecuteAsync("ACL", "DELUSER", user);
        }
    }

    [Fact]
    public async Task Starting_a_session_after_the_response_started_is_an_error_and_writes_nothing()
    {
        await using var host = await SessionHost.StartAsync();
        using var client = host.CreateClient();
        var storage = host.Services.GetRequiredService<ICartStorage>();

        var (error, afterwards) = await client.RunAsync(async context =>
        {
            await context.Response.StartAsync();
            var thrown = await FluentActions.Awaiting(() => storage.PutItemsAsync("u", Default, [CartData.Item("a")])).Should().ThrowExactlyAsync<CartStorageException>();
            return (thrown.Which, await storage.GetAsync("u", Default));
        });

        error.Message.Should().Contain("before the response starts");
        afterwards.Should().BeNull();
        client.SessionCookie.Should().BeNull();
    }

    /// <summary>A host whose session store is a Redis cache pointed at a loopback port nobody listens on.</summary>
    private static Task<SessionHost> StartWithUnreachableStoreAsync()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var endpoint = (IPEndPoint)listener.LocalEndpoint;
        listener.Stop();
        var store = new RedisCache(new RedisCacheOptions
        {
            ConnectionMultiplexerFactory = async () => await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
            {
                EndPoints = { endpoint },
                AbortOnConnectFail = true,
                ConnectTimeout = 1000,
            }),
        });
        return SessionHost.StartAsync(services => services.AddSingleton<IDistributedCache>(store));
    }
}
