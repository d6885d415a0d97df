using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Cart.Sample.Tests;

/// <summary>The cart belongs to the caller: visitors, the demo login that merges, logout and checkout.</summary>
public sealed class CheckoutAndLoginTests : IAsyncLifetime
{
    private readonly string alice = "alice-" + Guid.NewGuid().ToString("N")[..8];
    private SampleApp app = null!;

    public Task InitializeAsync()
    {
        app = SampleAppSettings.Default();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Two_visitors_never_see_each_others_cart()
    {
        using var first = new Visitor(app);
        using var second = new Visitor(app);
        await first.AddAsync("first-item", 1);
        await second.AddAsync("second-item", 2);

        (await first.QuantitiesAsync()).Should().Equal(new Dictionary<string, int> { ["first-item"] = 1 });
        (await second.QuantitiesAsync()).Should().Equal(new Dictionary<string, int> { ["second-item"] = 2 });

        // The second visitor's checkout with the first's ETag touches only its own cart.
        (await second.CheckoutAsync(await first.ETagAsync())).StatusCode.Should().Be(HttpStatusCode.PreconditionFailed);
        (await second.CheckoutAsync(await second.ETagAsync())).StatusCode.Should().Be(HttpStatusCode.OK);
        (await first.QuantitiesAsync()).Should().ContainKey("first-item");
    }

    [Fact]
    public async Task A_tampered_guest_cookie_is_a_new_guest()
    {
        using var first = new Visitor(app);
        await first.AddAsync("secret", 1);
        using var forger = new Visitor(app);

        var request = new HttpRequestMessage(HttpMethod.Get, "/cart");
        request.Headers.Add("Cookie", ".cart.guest=guest%3Aanything");
        var response = await forger.Client.SendAsync(request);

        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task Login_merges_every_guest_cart_into_the_users_cart_adding_quantities()
    {
        using var earlier = new Visitor(app);
        (await earlier.LoginAsync(alice)).StatusCode.Should().Be(HttpStatusCode.OK);
        await earlier.AddAsync("a", 1);
        await earlier.AddAsync("c", 1);
        using var guest = new Visitor(app);
        await guest.AddAsync("a", 2);
        await guest.AddAsync("b", 1);
        await guest.AddAsync("w", 1, "wishlist");

        var login = await guest.LoginAsync(alice);

        login.StatusCode.Should().Be(HttpStatusCode.OK);
        login.Headers.GetValues("Set-Cookie").Should().Contain(c => c.StartsWith(".cart.auth=", StringComparison.Ordinal))
            .And.Contain(c => c.StartsWith(".cart.guest=;", StringComparison.Ordinal), "the merged guest identity is dropped");
        var merged = new Dictionary<string, int> { ["a"] = 3, ["c"] = 1, ["b"] = 1 };
        (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").GetArrayLength().Should().Be(3);
        (await guest.QuantitiesAsync()).Should().Equal(merged);
        (await earlier.QuantitiesAsync()).Should().Equal(merged, "the cart is alice's, on every device she signs in from");
        (await guest.CartAsync("wishlist")).GetProperty("items")[0].GetProperty("id").GetString().Should().Be("w");
    }

    [Fact]
    public async Task The_merge_strategy_at_login_is_Cart_Owner_MergeStrategy()
    {
        await using var keepTarget = new SampleApp(new Dictionary<string, string?>
        {
            ["Cart:Database:ConnectionString"] = $"Data Source={Path.Combine(Path.GetTempPath(), $"cart-sample-{Guid.NewGuid():N}.db")}",
            ["Cart:Owner:MergeStrategy"] = "KeepTarget",
        });
        using var earlier = new Visitor(keepTarget);
        await earlier.LoginAsync(alice);
        await earlier.AddAsync("a", 5);
        using var guest = new Visitor(keepTarget);
        await guest.AddAsync("a", 2);

        (await guest.LoginAsync(alice)).StatusCode.Should().Be(HttpStatusCode.OK);

        (await guest.QuantitiesAsync()).Should().Equal(new Dictionary<string, int> { ["a"] = 5 });
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public async Task Login_with_bad_input_is_a_400_naming_the_field_and_signs_nobody_in(string user)
    {
        using var guest = new Visitor(app);
        await guest.AddAsync("a", 1);

        var response = await guest.LoginAsync(user);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString().Should().Be("user");
        (await guest.QuantitiesAsync()).Should().Equal(new Dictionary<string, int> { ["a"] = 1 }, "still the guest's cart");
    }

    [Fact]
    public async Task Logout_leaves_a_visitor_without_a_cart_and_login_brings_the_users_cart_back()
    {
        using var visitor = new Visitor(app);
        await visitor.LoginAsync(alice);
        await visitor.AddAsync("a", 1);

        (await visitor.Client.PostAsync("/logout", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await visitor.CartAsync()).GetProperty("items").GetArrayLength().Should().Be(0);

        await visitor.LoginAsync(alice);
        (await visitor.QuantitiesAsync()).Should().Equal(new Dictionary<string, int> { ["a"] = 1 });
    }

    [Fact]
    public async Task Checkout_needs_if_match_and_removes_the_cart_it_returns()
    {
        using var visitor = new Visitor(app);
        await visitor.AddAsync("a", 2);

        var without = await visitor.CheckoutAsync(null);
        var stale = await visitor.CheckoutAsync("\"0\"");
        var fresh = await visitor.CheckoutAsync(await visitor.ETagAsync());

        without.StatusCode.Should().Be((HttpStatusCode)428);
        stale.StatusCode.Should().Be(HttpStatusCode.PreconditionFailed);
        fresh.StatusCode.Should().Be(HttpStatusCode.OK);
        var ordered = await fresh.Content.ReadFromJsonAsync<JsonElement>();
        ordered.GetProperty("version").GetInt64().Should().Be(1);
        ordered.GetProperty("items")[0].GetProperty("quantity").GetInt32().Should().Be(2);
        (await visitor.CartAsync()).GetProperty("version").GetInt64().Should().Be(0);
    }

    /// <summary>The opentelemetry-demo race over HTTP: a second tab adds an item after the checkout page read the cart.</summary>
    [Fact]
    public async Task An_item_added_between_the_read_and_the_checkout_survives()
    {
        using var visitor = new Visitor(app);
        await visitor.AddAsync("ordered", 1);
        var read = await visitor.Client.GetAsync("/cart");
        var etag = read.Headers.ETag!.Tag;

        await visitor.AddAsync("late", 1);
        var checkout = await visitor.CheckoutAsync(etag);

        checkout.StatusCode.Should().Be(HttpStatusCode.PreconditionFailed);
        (await visitor.QuantitiesAsync()).Should().Equal(new Dictionary<string, int> { ["ordered"] = 1, ["late"] = 1 });
        var retry = await visitor.CheckoutAsync(await visitor.ETagAsync());
        retry.StatusCode.Should().Be(HttpStatusCode.OK);
        (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").GetArrayLength().Should().Be(2);
    }
}
