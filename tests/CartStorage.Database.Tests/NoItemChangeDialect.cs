namespace CartStorage.Database.Tests;

/// <summary>A dialect without the item-change statement: the item conveniences read, change and write the cart, as before 0.4.</summary>
internal sealed class NoItemChangeDialect(CartSqlDialect inner) : ForwardingDialect(inner);
