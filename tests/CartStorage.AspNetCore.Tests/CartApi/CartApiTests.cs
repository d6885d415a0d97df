using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CartStorage.AspNetCore.Tests.CartApi;

/// <summary><c>MapCartApi</c> over Kestrel, on SQLite and RedisStorage: routes, If-Match, checkout, problem types, OpenAPI metadata.</summary>
public sealed class CartApiTests
{
    public static TheoryData<CartBackend> Backends => [CartBackend.Sqlite, CartBackend.Redis];

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Every_route_changes_the_callers_cart_and_answers_it_with_its_ETag(CartBackend backend)
    {
        await using var host = await CartApiHost.StartAsync(backend);
        using var shopper = host.Shopper();

        var added = await shopper.AddAsync("a", 2);
        await shopper.AddAsync("b");
        await shopper.AddAsync("a");
        (await shopper.SendAsync(HttpMethod.Patch, "/cart/items/b", "{\"quantity\":7}")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await shopper.SendAsync(HttpMethod.Put, "/cart/conditions", "[{\"name\":\"Ship\",\"type\":\"shipping\",\"target\":\"subtotal\",\"value\":\"+5.00\"}]")).StatusCode.Should().Be(HttpStatusCode.OK);
        var last = await shopper.SendAsync(HttpMethod.Put, "/cart/metadata/coupon", "\"SAVE10\"");

        added.Headers.ETag!.Tag.Should().NotBe("\"0\"");
        var cart = await shopper.CartAsync();
        (await shopper.ETagAsync()).Should().Be(last.Headers.ETag!.Tag);
        cart.GetProperty("version").GetInt64().Should().Be(6);
        (await shopper.QuantitiesAsync()).Should().Equal(new Dictionary<string, int> { ["a"] = 3, ["b"] = 7 });
        cart.GetProperty("conditions")[0].GetProperty("value").GetString().Should().Be("+5.00");
        cart.GetProperty("metadata").GetProperty("coupon").GetString().Should().Be("SAVE10");
        cart.ToString().Should().NotContain("guest:");

        (await shopper.SendAsync(HttpMethod.Delete, "/cart/items/a")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await shopper.SendAsync(HttpMethod.Patch, "/cart/items/b", "{\"quantity\":0}")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await shopper.QuantitiesAsync()).Should().BeEmpty();
        (await shopper.SendAsync(HttpMethod.Post, "/cart/items?instance=wishlist", "{\"id\":\"w\"}")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await shopper.CartAsync("wishlist")).GetProperty("instance").GetString().Should().Be("wishlist");
    }

    [Theory]
    [InlineData("POST", "/cart/items", "{\"id\":\"c\"}")]
    [InlineData("PATCH", "/cart/items/a", "{\"quantity\":5}")]
    [InlineData("DELETE", "/cart/items/a", null)]
    [InlineData("PUT", "/cart/conditions", "[]")]
    [InlineData("PUT", "/cart/metadata/k", "1")]
    public async Task Every_write_with_the_current_If_Match_writes_and_with_another_is_412_and_writes_nothing(string method, string url, string? body)
    {
        await using var host = await CartApiHost.StartAsync(CartBackend.Sqlite);
        using var shopper = host.Shopper();
        await shopper.AddAsync("a");
        var read = await shopper.ETagAsync();

        var stale = await shopper.SendAsync(new HttpMethod(method), url, body, "\"0\"");
        var weak = await shopper.SendAsync(new HttpMethod(method), url, body, "W/" + read);
        var unchanged = await shopper.ETagAsync();
        var current = await shopper.SendAsync(new HttpMethod(method), url, body, read);

        stale.StatusCode.Should().Be(HttpStatusCode.PreconditionFailed);
        await ShouldBeProblemAsync(stale, 412, CartProblemTypes.PreconditionFailed);
        weak.StatusCode.Should().Be(HttpStatusCode.PreconditionFailed, "If-Match compares strongly");
        unchanged.Should().Be(read);
        current.StatusCode.Should().Be(HttpStatusCode.OK);
        (await shopper.CartAsync()).GetProperty("version").GetInt64().Should().Be(2);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task A_write_replayed_with_its_Idempotency_Key_is_applied_once_and_answers_the_cart(CartBackend backend)
    {
        await using var host = await CartApiHost.StartAsync(backend);
        using var shopper = host.Shopper();
        await shopper.AddAsync("a");
        var read = await shopper.ETagAsync();

        var first = await shopper.SendAsync(HttpMethod.Post, "/cart/items", "{\"id\":\"a\",\"quantity\":2}", ifMatch: read, idempotencyKey: "order-form-1");
        var replay = await shopper.SendAsync(HttpMethod.Post, "/cart/items", "{\"id\":\"a\",\"quantity\":2}", ifMatch: read, idempotencyKey: "order-form-1");
        var patch = await shopper.SendAsync(HttpMethod.Patch, "/cart/items/a", "{\"quantity\":9}", idempotencyKey: "patch-1");
        var patchReplay = await shopper.SendAsync(HttpMethod.Patch, "/cart/items/a", "{\"quantity\":9}", idempotencyKey: "patch-1");
        var another = await shopper.SendAsync(HttpMethod.Post, "/cart/items", "{\"id\":\"a\"}", idempotencyKey: "order-form-2");

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        replay.StatusCode.Should().Be(HttpStatusCode.OK, "the write was applied; the replay answers the cart, not 412");
        replay.Headers.ETag!.Tag.Should().Be(first.Headers.ETag!.Tag);
        patchReplay.Headers.ETag!.Tag.Should().Be(patch.Headers.ETag!.Tag);
        another.StatusCode.Should().Be(HttpStatusCode.OK);
        (await shopper.QuantitiesAsync()).Should().Equal(new Dictionary<string, int> { ["a"] = 10 });
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Checkout_needs_If_Match_runs_the_order_step_and_removes_only_the_cart_ordered(CartBackend backend)
    {
        var ordered = new List<CartSnapshot>();
        await using var host = await CartApiHost.StartAsync(backend, api: o => o.Checkout = (cart, _) =>
        {
            ordered.Add(cart);
            return Task.FromResult<IResult>(TypedResults.Ok(new { order = ordered.Count }));
        });
        using var shopper = host.Shopper();
        await shopper.AddAsync("a", 2);
        var read = await shopper.ETagAsync();
        await shopper.AddAsync("late");

        var without = await shopper.SendAsync(HttpMethod.Post, "/cart/checkout");
        var stale = await shopper.SendAsync(HttpMethod.Post, "/cart/checkout", ifMatch: read);
        var fresh = await shopper.SendAsync(HttpMethod.Post, "/cart/checkout", ifMatch: await shopper.ETagAsync());

        await ShouldBeProblemAsync(without, 428, CartProblemTypes.PreconditionRequired);
        await ShouldBeProblemAsync(stale, 412, CartProblemTypes.PreconditionFailed);
        fresh.StatusCode.Should().Be(HttpStatusCode.OK);
        (await fresh.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("order").GetInt32().Should().Be(1);
        ordered.Should().ContainSingle().Which.Items.Select(i => i.Id).Should().Equal("a", "late");
        (await shopper.CartAsync()).GetProperty("version").GetInt64().Should().Be(0);
        await ShouldBeProblemAsync(await shopper.SendAsync(HttpMethod.Post, "/cart/checkout", ifMatch: "\"0\""), 409, CartProblemTypes.EmptyCart);
    }

    [Fact]
    public async Task A_failed_order_step_removes_nothing_and_a_cart_changed_during_the_order_step_is_412_and_stays()
    {
        Func<HttpContext, Task>? duringOrder = null;
        await using var host = await CartApiHost.StartAsync(CartBackend.Sqlite, api: o => o.Checkout = async (cart, http) =>
        {
            if (duringOrder is null)
            {
                return TypedResults.Problem(statusCode: 402, title: "Payment declined");
            }

            await duringOrder(http);
            return TypedResults.Ok();
        });
        using var shopper = host.Shopper();
        await shopper.AddAsync("a");

        var declined = await shopper.SendAsync(HttpMethod.Post, "/cart/checkout", ifMatch: await shopper.ETagAsync());
        var unchanged = await shopper.QuantitiesAsync();
        duringOrder = _ => shopper.AddAsync("second-tab");
        var raced = await shopper.SendAsync(HttpMethod.Post, "/cart/checkout", ifMatch: await shopper.ETagAsync());

        ((int)declined.StatusCode).Should().Be(402);
        unchanged.Should().Equal(new Dictionary<string, int> { ["a"] = 1 });
        await ShouldBeProblemAsync(raced, 412, CartProblemTypes.PreconditionFailed);
        (await shopper.QuantitiesAsync()).Should().Equal(new Dictionary<string, int> { ["a"] = 1, ["second-tab"] = 1 });
    }

    [Fact]
    public async Task No_checkout_route_without_an_order_step()
    {
        await using var host = await CartApiHost.StartAsync(CartBackend.Sqlite);
        using var shopper = host.Shopper();
        await shopper.AddAsync("a");

        (await shopper.SendAsync(HttpMethod.Post, "/cart/checkout", ifMatch: await shopper.ETagAsync())).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("POST", "/cart/items", "{\"id\":\"new\",\"price\":-1}", "application/json", 400, CartProblemTypes.BadInput, "price")]
    [InlineData("POST", "/cart/items", "{\"id\":\"a\",\"quantity\":0}", "application/json", 400, CartProblemTypes.BadInput, "quantity")]
    [InlineData("POST", "/cart/items", "{\"name\":\"no id\"}", "application/json", 400, CartProblemTypes.BadInput, "id")]
    [InlineData("POST", "/cart/items", "{\"id\":\"a\",\"quantity\":\"two\"}", "application/json", 400, CartProblemTypes.BadInput, "quantity")]
    [InlineData("POST", "/cart/items", "{\"id\":\"a\",\"quantity\":100000}", "application/json", 400, CartProblemTypes.BadInput, "Cart:Limits:MaxItemQuantity")]
    [InlineData("PATCH", "/cart/items/a", "{\"quantity\":-1}", "application/json", 400, CartProblemTypes.BadInput, "quantity")]
    [InlineData("PATCH", "/cart/items/nope", "{\"quantity\":1}", "application/json", 404, CartProblemTypes.ItemNotFound, null)]
    [InlineData("DELETE", "/cart/items/nope", null, "application/json", 404, CartProblemTypes.ItemNotFound, null)]
    [InlineData("POST", "/cart/items?instance=%20", "{\"id\":\"a\"}", "application/json", 400, CartProblemTypes.BadInput, "instance")]
    public async Task Bad_input_is_a_problem_with_its_type_naming_the_field_and_writes_nothing(string method, string url, string? body, string contentType, int status, string type, string? field)
    {
        await using var host = await CartApiHost.StartAsync(CartBackend.Sqlite);
        using var shopper = host.Shopper();
        await shopper.AddAsync("a");
        var before = await shopper.ETagAsync();

        var response = await shopper.SendAsync(new HttpMethod(method), url, body, contentType: contentType);

        var problem = await ShouldBeProblemAsync(response, status, type);
        if (field is not null)
        {
            problem.GetProperty("field").GetString().Should().Be(field);
        }

        (await shopper.ETagAsync()).Should().Be(before);
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded", "id=a")]
    [InlineData("text/plain", "{\"id\":\"a\"}")]
    public async Task A_body_that_is_not_JSON_is_415_and_writes_nothing(string contentType, string body)
    {
        await using var host = await CartApiHost.StartAsync(CartBackend.Sqlite, kestrel: false);
        using var visitor = host.Shopper();

        var response = await visitor.SendAsync(HttpMethod.Post, "/cart/items", body, contentType: contentType);

        response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        response.Headers.Contains("Set-Cookie").Should().BeFalse();
        (await visitor.CartAsync()).GetProperty("version").GetInt64().Should().Be(0);
    }

    [Fact]
    public async Task A_write_refused_as_bad_input_issues_no_guest_cookie()
    {
        await using var host = await CartApiHost.StartAsync(CartBackend.Sqlite);
        using var visitor = host.Shopper();

        var response = await visitor.SendAsync(HttpMethod.Post, "/cart/items", "{\"id\":\"a\",\"quantity\":0}");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Headers.Contains("Set-Cookie").Should().BeFalse();
    }

    [Fact]
    public async Task A_full_cart_is_409_limit_exceeded_naming_the_limit()
    {
        await using var host = await CartApiHost.StartAsync(CartBackend.Sqlite, settings: new Dictionary<string, string?> { ["Cart:Limits:MaxItems"] = "1" });
        using var shopper = host.Shopper();
        await shopper.AddAsync("a");

        var problem = await ShouldBeProblemAsync(await shopper.AddAsync("b"), 409, CartProblemTypes.LimitExceeded);

        problem.GetProperty("limit").GetString().Should().Be("Cart:Limits:MaxItems");
    }

    [Theory]
    [InlineData("If-Match", "not-quoted")]
    [InlineData("Idempotency-Key", "has spaces")]
    public async Task A_malformed_header_is_400_naming_it(string header, string value)
    {
        await using var host = await CartApiHost.StartAsync(CartBackend.Sqlite, kestrel: false);
        using var shopper = host.Shopper();
        var request = new HttpRequestMessage(HttpMethod.Post, "/cart/items") { Content = JsonContent.Create(new { id = "a" }) };
        request.Headers.TryAddWithoutValidation(header, value);

        var problem = await ShouldBeProblemAsync(await shopper.Client.SendAsync(request), 400, CartProblemTypes.BadInput);

        problem.GetProperty("field").GetString().Should().Be(header);
    }

    [Fact]
    public async Task Every_route_has_a_summary_a_description_and_response_types_for_OpenAPI()
    {
        await using var host = await CartApiHost.StartAsync(CartBackend.Sqlite, kestrel: false, api: o => o.Checkout = (_, _) => Task.FromResult<IResult>(TypedResults.Ok()));

        var routes = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/cart", StringComparison.Ordinal)).ToList();

        routes.Should().HaveCount(7);
        routes.Should().OnlyContain(e => e.Metadata.GetMetadata<IEndpointSummaryMetadata>() != null
            && e.Metadata.GetMetadata<IEndpointDescriptionMetadata>() != null
            && e.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>().Any(p => p.StatusCode == 200)
            && e.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>().Any(p => p.StatusCode == 503));
    }

    internal static async Task<JsonElement> ShouldBeProblemAsync(HttpResponseMessage response, int status, string type)
    {
        ((int)response.StatusCode).Should().Be(status);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("type").GetString().Should().Be(type);
        problem.GetProperty("status").GetInt32().Should().Be(status);
        return problem;
    }
}
