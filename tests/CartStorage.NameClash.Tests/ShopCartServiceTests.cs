using CartStorage;
using Microsoft.Extensions.DependencyInjection;
using Shop.Models;

namespace Shop.Services;

/// <summary>
/// Compiles against every package with <c>Cart</c> meaning the application's type, unqualified, in a namespace of the
/// application (where a namespace <c>Cart</c> from a package would win over the using and fail with CS0118).
/// </summary>
public sealed class ShopCartServiceTests
{
    [Fact]
    public async Task The_application_Cart_type_and_the_library_live_side_by_side()
    {
        var services = new ServiceCollection();
        services.AddCartStorage(o => o.Driver = CartDriver.Cache);
        await using var provider = services.BuildServiceProvider();
        var storage = provider.GetRequiredService<ICartStorage>();

        await storage.AddItemAsync("user-1", "default", new CartItem { Id = "sku-1", Quantity = 3 });
        var snapshot = await storage.GetAsync("user-1", "default");
        var cart = new Cart();
        cart.Lines.AddRange(snapshot!.Items.Select(item => new CartLine(item.Id, item.Quantity)));

        cart.Lines.Should().Equal(new CartLine("sku-1", 3));
    }
}
