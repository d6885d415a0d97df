using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CartStorage.AspNetCore.Tests.CartApi;

/// <summary>
/// <see cref="ICartOwner"/> over real HTTP (Kestrel on a loopback port, and TestServer), on SQLite and on RedisStorage:
/// guests in a protected cookie issued on the first write only, and their carts merged once at sign-in.
/// </summary>
public sealed class CartOwnerTests
{
    public static TheoryData<CartBackend, bool> Hosts => new()
    {
        { CartBackend.Sqlite, true },
        { CartBackend.Sqlite, false },
        { CartBackend.Redis, true },
        { CartBackend.Redis, false },
    };

    public static TheoryData<CartBackend> Backends => [CartBackend.Sqlite, CartBackend.Redis];

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task Reads_answer_the_empty_cart_and_set_no_cookie_and_the_first_write_does(CartBackend backend, bool kestrel)
    {
        await using var host = await CartApiHost.StartAsync(backend, kestrel);
        using var crawler = host.Shopper();

        var read = await crawler.SendAsync(HttpMethod.Get, "/cart");
        var wishlist = await crawler.SendAsync(HttpMethod.Get, "/cart?instance=wishlist");
        var write = await crawler.AddAsync("a");

        read.StatusCode.Should().Be(HttpStatusCode.OK);
        read.Headers.ETag!.Tag.Should().Be("\"0\"");
        read.Headers.Contains("Set-Cookie").Should().BeFalse();
        wishlist.Headers.Contains("Set-Cookie").Should().BeFalse();
        var cookie = write.Headers.GetValues("Set-Cookie").Should().ContainSingle().Which;
        cookie.Should().StartWith(".cart.guest=").And.Contain("httponly").And.Contain("samesite=lax").And.Contain("max-age=2592000").And.NotContain("secure");
        (await crawler.QuantitiesAsync()).Should().Equal(new Dictionary<string, int> { ["a"] = 1 });
    }

    [Fact]
    public async Task The_guest_cookie_is_Secure_on_HTTPS()
    {
        await using var host = await CartApiHost.StartAsync(CartBackend.Sqlite, kestrel: false);
        using var shopper = host.Shopper("https");

        var write = await shopper.AddAsync("a");

        write.Headers.GetValues("Set-Cookie").Should().ContainSingle().Which.Should().Contain("secure");
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task Two_cookie_jars_never_see_each_others_cart(CartBackend backend, bool kestrel)
    {
        await using var host = await CartApiHost.StartAsync(backend, kestrel);
        using var first = host.Shopper();
        using var second = host.Shopper();

        await first.AddAsync("first", 1);
        await second.AddAsync("second", 2);

        (await first.QuantitiesAsync()).Should().Equal(new Dictionary<string, int> { ["first"] = 1 });
        (await second.QuantitiesAsync()).Should().Equal(new Dictionary<string, int> { ["second"] = 2 });
        (await second.SendAsync(HttpMethod.Delete, "/cart/items/first")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await first.QuantitiesAsync()).Should().ContainKey("first");
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task A_forged_guest_cookie_is_a_new_guest_and_never_another_shoppers_cart(CartBackend backend)
    {
        await using var host = await CartApiHost.StartAsync(backend);
        using var victim = host.Shopper();
        await victim.AddAsync("secret");
        var stolen = victim.Cookie(".cart.guest")!;
        using var forger = host.Shopper();

        var tampered = stolen[..^4] + (stolen.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        var read = await SendWithCookieAsync(forger, HttpMethod.Get, tampered);
        var write = await SendWithCookieAsync(forger, HttpMethod.Post, tampered);

        read.Headers.ETag!.Tag.Should().Be("\"0\"");
        read.Headers.Contains("Set-Cookie").Should().BeFalse();
        write.Headers.GetValues("Set-Cookie").Should().ContainSingle(c => c.StartsWith(".cart.guest=", StringComparison.Ordinal), "a new guest");
        (await victim.QuantitiesAsync()).Should().Equal(new Dictionary<string, int> { ["secret"] = 1 });
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task A_cookie_past_its_lifetime_is_a_new_guest_even_when_the_browser_replays_it(CartBackend backend)
    {
        var clock = new SettableTime();
        await using var host = await CartApiHost.StartAsync(backend, configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        using var shopper = host.Shopper();
        await shopper.AddAsync("a");

        clock.Advance(TimeSpan.FromDays(30) + TimeSpan.FromSeconds(1));

        (await shopper.CartAsync()).GetProperty("version").GetInt64().Should().Be(0);
        var write = await shopper.AddAsync("b");
        write.Headers.GetValues("Set-Cookie").Should().ContainSingle(c => c.StartsWith(".cart.guest=", StringComparison.Ordinal));
        (await shopper.QuantitiesAsync()).Should().Equal(new Dictionary<string, int> { ["b"] = 1 });
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Signing_in_merges_the_guest_carts_once_under_five_concurrent_first_requests_and_drops_the_cookie(CartBackend backend)
    {
        await using var host = await CartApiHost.StartAsync(backend);
        var alice = "alice-" + Guid.NewGuid().ToString("N")[..8];
        using (var earlier = host.Shopper())
        {
            await earlier.LoginAsync(alice);
            await earlier.AddAsync("a", 1);
        }

        using var shopper = host.Shopper();
        await shopper.AddAsync("a", 2);
        await shopper.AddAsync("b", 1);
        await shopper.AddAsync("w", 1, "wishlist");
        (await shopper.LoginAsync(alice)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var first = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => shopper.SendAsync(HttpMethod.Get, "/cart")));

        first.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK);
        first.SelectMany(r => r.Headers.TryGetValues("Set-Cookie", out var v) ? v : []).Should().Contain(c => c.StartsWith(".cart.guest=;", StringComparison.Ordinal));
        shopper.Cookie(".cart.guest").Should().BeNull();
        (await shopper.QuantitiesAsync()).Should().Equal(new Dictionary<string, int> { ["a"] = 3, ["b"] = 1 });
        (await shopper.QuantitiesAsync("wishlist")).Should().Equal(new Dictionary<string, int> { ["w"] = 1 });
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task A_bearer_token_request_that_still_carries_the_guest_cookie_merges_too(CartBackend backend)
    {
        await using var host = await CartApiHost.StartAsync(backend);
        var bob = "bob-" + Guid.NewGuid().ToString("N")[..8];
        using var browser = host.Shopper();
        await browser.AddAsync("a", 2);

        browser.Bearer = bob;
        var merged = await browser.QuantitiesAsync();

        merged.Should().Equal(new Dictionary<string, int> { ["a"] = 2 });
        using var app = host.Shopper();
        app.Bearer = bob;
        (await app.QuantitiesAsync()).Should().Equal(new Dictionary<string, int> { ["a"] = 2 }, "the cart is bob's now, wherever he signs in");
        browser.Bearer = null;
        (await browser.CartAsync()).GetProperty("version").GetInt64().Should().Be(0, "the guest cart was merged away and its cookie dropped");
    }

    [Fact]
    public async Task The_merge_strategy_comes_from_Cart_Owner_MergeStrategy()
    {
        await using var host = await CartApiHost.StartAsync(CartBackend.Sqlite, settings: new Dictionary<string, string?> { ["Cart:Owner:MergeStrategy"] = "KeepTarget" });
        using var earlier = host.Shopper();
        earlier.Bearer = "carol";
        await earlier.AddAsync("a", 5);
        using var guest = host.Shopper();
        await guest.AddAsync("a", 2);

        guest.Bearer = "carol";

        (await guest.QuantitiesAsync()).Should().Equal(new Dictionary<string, int> { ["a"] = 5 });
    }

    [Theory]
    [InlineData("Cart:Owner:GuestLifetime", "00:00:00")]
    [InlineData("Cart:Owner:GuestCookie", "bad name")]
    [InlineData("Cart:Owner:UserClaim", " ")]
    public async Task A_bad_Cart_Owner_value_fails_at_startup_naming_the_key(string key, string value)
    {
        var start = () => CartApiHost.StartAsync(CartBackend.Sqlite, kestrel: false, settings: new Dictionary<string, string?> { [key] = value });

        (await start.Should().ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>()).Which.Message.Should().Contain(key);
    }

    private static Task<HttpResponseMessage> SendWithCookieAsync(Shopper shopper, HttpMethod method, string guestCookie)
    {
        var request = new HttpRequestMessage(method, "/cart/items");
        request.Headers.Add("Cookie", ".cart.guest=" + guestCookie);
        if (method == HttpMethod.Post)
        {
            request.Content = new StringContent("{\"id\":\"forged\"}", System.Text.Encoding.UTF8, "application/json");
        }
        else
        {
            request.RequestUri = new Uri("/cart", UriKind.Relative);
        }

        return shopper.Client.SendAsync(request);
    }

    /// <summary>A clock the test moves forward.</summary>
    private sealed class SettableTime : TimeProvider
    {
        private TimeSpan offset;

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;

        public void Advance(TimeSpan by) => offset += by;
    }
}
