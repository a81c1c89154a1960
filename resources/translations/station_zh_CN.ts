<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>CartModel</name>
    <message>
        <location filename="../../station_app/ui/cart_model.py" line="+37"/>
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Qty / Weight</source>
        <translation>数量/重量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unit price</source>
        <translation>单价</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Discount</source>
        <translation>优惠</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{0} kg</source>
        <translation>{0} 公斤</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{0}/kg ({1}/jin)</source>
        <translation>{0}/公斤 ({1}/斤)</translation>
    </message>
</context>
<context>
    <name>CheckoutController</name>
    <message>
        <location filename="../../station_app/ui/checkout_controller.py" line="+116"/>
        <source>Ready. Scan a barcode, or type a name or its pinyin initials.</source>
        <translation>请扫码，或输入商品名称、拼音首字母。</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Select a line first (Up/Down).</source>
        <translation>请先用 ↑↓ 键选中一行商品。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Added {0} × {1}, {2}</source>
        <translation>已添加 {0} × {1}，{2}</translation>
    </message>
    <message>
        <location line="+44"/>
        <location line="+17"/>
        <source>Nothing found for &quot;{0}&quot;.</source>
        <translation>没有找到“{0}”，请换个名称或拼音再试。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Up/Down to choose, Enter to add, Esc to close the list.</source>
        <translation>↑↓ 选择，回车添加，Esc 关闭列表。</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>Price {0}/kg ({1}/jin). Type kilograms, e.g. 1.25, or grams like 750g.</source>
        <translation>单价 {0}/公斤（{1}/斤）。请输入公斤数，如 1.25；或输入克数，如 750g。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{0} is sold by weight: enter the weight.</source>
        <translation>“{0}”是称重商品，请输入重量。</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+59"/>
        <source>Weight</source>
        <translation>重量</translation>
    </message>
    <message>
        <location line="-58"/>
        <location line="+59"/>
        <source>Weight of {0} in kg:</source>
        <translation>“{0}”的重量（公斤）：</translation>
    </message>
    <message>
        <location line="-25"/>
        <source>Quantity of {0} is now {1}.</source>
        <translation>“{0}”的数量已改为 {1}。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New quantity of {0}:</source>
        <translation>“{0}”的新数量：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1 to 9,999</source>
        <translation>1 到 9999</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{0} is not sold by weight; use F4 for the quantity.</source>
        <translation>“{0}”不是称重商品，请按 F4 改数量。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Removed {0}.</source>
        <translation>已删除“{0}”。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The cart is empty.</source>
        <translation>购物车是空的。</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>No rounding.</source>
        <translation>不抹零。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rounding: fen dropped (to the jiao).</source>
        <translation>抹零：抹去分（取整到角）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rounding: jiao and fen dropped (to the yuan).</source>
        <translation>抹零：抹去角和分（取整到元）。</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Held: {0}. F3 resumes it.</source>
        <translation>已挂单：{0}。按 F3 取单。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Finish or hold (F2) this sale before resuming another.</source>
        <translation>请先结账或挂单（F2），再取另一单。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No held sales.</source>
        <translation>没有挂单。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Resumed: {0}</source>
        <translation>已取单：{0}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Finish or hold (F2) this sale before signing out.</source>
        <translation>请先结账或挂单（F2），再退出登录。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The cart is empty: scan something first.</source>
        <translation>购物车是空的，请先扫码。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Sale {0} done: {1}, change {2}.</source>
        <translation>收款完成，单号 {0}：应收 {1}，找零 {2}。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Refund {0} done: {1}.</source>
        <translation>退货完成，退款单号 {0}：{1}。</translation>
    </message>
</context>
<context>
    <name>CheckoutView</name>
    <message>
        <location filename="../../station_app/ui/checkout_view.py" line="+42"/>
        <source>Scan or type code / name:</source>
        <translation>扫码/输入：</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>barcode, PLU, or pinyin like kkkl</source>
        <translation>条码、PLU 码，或拼音如 kkkl</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Items</source>
        <translation>件数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Subtotal</source>
        <translation>原价合计</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Discount</source>
        <translation>优惠</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rounding</source>
        <translation>抹零</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Total due</source>
        <translation>应收</translation>
    </message>
</context>
<context>
    <name>DiscountDialog</name>
    <message>
        <location filename="../../station_app/ui/dialogs/discount_dialog.py" line="+52"/>
        <location line="+68"/>
        <source>Discount</source>
        <translation>优惠</translation>
    </message>
    <message>
        <location line="-57"/>
        <source>F1 This line: {0}</source>
        <translation>F1 本行：{0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>F1 This line (none selected)</source>
        <translation>F1 本行（未选中）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>F2 Whole sale</source>
        <translation>F2 整单</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Discount amount in yuan (0 removes it)</source>
        <translation>优惠金额（元，输入 0 取消优惠）</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Enter: confirm    Esc: cancel</source>
        <translation>回车 确认    Esc 取消</translation>
    </message>
</context>
<context>
    <name>HeldCartsDialog</name>
    <message>
        <location filename="../../station_app/ui/dialogs/held_carts_dialog.py" line="+26"/>
        <source>Resume a held sale</source>
        <translation>取单</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Up/Down: choose    Enter: resume    Esc: cancel</source>
        <translation>↑↓ 选择    回车 取单    Esc 取消</translation>
    </message>
</context>
<context>
    <name>KeyMap</name>
    <message>
        <location filename="../../station_app/ui/key_map.py" line="+43"/>
        <source>Pay</source>
        <translation>结账</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hold</source>
        <translation>挂单</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Resume</source>
        <translation>取单</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Weight</source>
        <translation>重量</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Discount</source>
        <translation>优惠</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete line</source>
        <translation>删除行</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refund</source>
        <translation>退货</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No-barcode item</source>
        <translation>无码商品</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Round down</source>
        <translation>抹零</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="+32"/>
        <source>Village station counter — {0}</source>
        <translation>村级服务站收银 — {0}</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Printer: not set up</source>
        <translation>打印机：未配置</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>To sync: {0}</source>
        <translation>待同步 {0}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Operator: {0}</source>
        <translation>收银员：{0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not signed in</source>
        <translation>未登录</translation>
    </message>
</context>
<context>
    <name>NoticeDialog</name>
    <message>
        <location filename="../../station_app/ui/dialogs/notice_dialog.py" line="+25"/>
        <source>OK (Enter)</source>
        <translation>确定（回车）</translation>
    </message>
</context>
<context>
    <name>OpenItemDialog</name>
    <message>
        <location filename="../../station_app/ui/dialogs/open_item_dialog.py" line="+36"/>
        <source>Item without barcode</source>
        <translation>无码商品</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Category (Up/Down)</source>
        <translation>分类（↑↓ 选择）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Amount in yuan</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Enter: add    Esc: cancel</source>
        <translation>回车 添加    Esc 取消</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
</context>
<context>
    <name>OwnerApproval</name>
    <message>
        <location filename="../../station_app/ui/owner_approval.py" line="+31"/>
        <source>Owner approval</source>
        <translation>店主授权</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0}
Owner, enter your PIN:</source>
        <translation>{0}
请店主输入密码：</translation>
    </message>
</context>
<context>
    <name>PaymentDialog</name>
    <message>
        <location filename="../../station_app/ui/payment_dialog.py" line="+63"/>
        <source>Payment</source>
        <translation>收款</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Total due {0}</source>
        <translation>应收 {0}</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Transaction no. (optional)</source>
        <translation>交易单号（可不填）</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Enter: confirm    F5: clear payments    Esc: cancel</source>
        <translation>回车 确认收款    F5 重新收款    Esc 取消</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Cash received</source>
        <translation>实收现金</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Amount charged</source>
        <translation>收款金额</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Received: {0}    Still due: {1}</source>
        <translation>已收：{0}    还差：{1}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Change {0}</source>
        <translation>找零 {0}</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Part payment taken; {0} still due.</source>
        <translation>已收部分款项，还差 {0}。</translation>
    </message>
</context>
<context>
    <name>PaymentMethod</name>
    <message>
        <location line="-169"/>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>WeChat Pay</source>
        <translation>微信</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>UnionPay card</source>
        <translation>银联卡</translation>
    </message>
</context>
<context>
    <name>ProductDialog</name>
    <message>
        <location filename="../../station_app/ui/dialogs/product_dialog.py" line="+40"/>
        <source>Add product</source>
        <translation>新增商品</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Barcode {0} is new. Enter the product to add it.</source>
        <translation>条码 {0} 是新商品，请填写后保存。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>pc</source>
        <translation>个</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Sold by weight (price per kg)</source>
        <translation>称重商品（按公斤计价）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Category</source>
        <translation>分类</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Tab: next field    Enter: save    Esc: cancel</source>
        <translation>Tab 下一项    回车 保存    Esc 取消</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Price per kg (yuan)</source>
        <translation>每公斤价格（元）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Price (yuan)</source>
        <translation>售价（元）</translation>
    </message>
</context>
<context>
    <name>ProductListModel</name>
    <message>
        <location filename="../../station_app/ui/product_list_model.py" line="+25"/>
        <source>{0}/kg ({1}/jin)</source>
        <translation>{0}/公斤 ({1}/斤)</translation>
    </message>
</context>
<context>
    <name>PromptDialog</name>
    <message>
        <location filename="../../station_app/ui/dialogs/prompt_dialog.py" line="+80"/>
        <source>Confirm (Enter)</source>
        <translation>确认（回车）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel (Esc)</source>
        <translation>取消（Esc）</translation>
    </message>
</context>
<context>
    <name>ReceiptDialog</name>
    <message>
        <location filename="../../station_app/ui/dialogs/receipt_dialog.py" line="+19"/>
        <source>Receipt</source>
        <translation>小票</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Change {0}</source>
        <translation>找零 {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paid in full, no change</source>
        <translation>已收齐，无需找零</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Close (Enter / Esc)</source>
        <translation>关闭（回车 / Esc）</translation>
    </message>
</context>
<context>
    <name>RefundDialog</name>
    <message>
        <location filename="../../station_app/ui/dialogs/refund_dialog.py" line="+51"/>
        <source>Refund</source>
        <translation>退货</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Receipt {0}    {1}    paid {2}</source>
        <translation>小票 {0}    {1}    实付 {2}</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Refund by</source>
        <translation>退款方式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason (optional)</source>
        <translation>原因（可不填）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Digits: quantity    F1: return all    F2: method    Enter: continue    Esc: cancel</source>
        <translation>数字 退货数量    F1 全部退    F2 换退款方式    回车 继续    Esc 取消</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>To refund: {0}</source>
        <translation>应退：{0}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Type the quantity to return on a line first (F1: all).</source>
        <translation>请先在商品行输入退货数量（F1 全部退）。</translation>
    </message>
</context>
<context>
    <name>RefundFlow</name>
    <message>
        <location filename="../../station_app/ui/refund_flow.py" line="+53"/>
        <source>Refund</source>
        <translation>退货</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Receipt number, or scan the QR code on the receipt:</source>
        <translation>请输入小票单号，或扫描小票上的二维码：</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Everything on this receipt was already refunded.</source>
        <translation>这张小票的商品已全部退过。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Refund done</source>
        <translation>退货完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refund {0}: {1} by {2}.
Receipt {3}.</source>
        <translation>退款单号 {0}：退 {1}，退款方式 {2}。
原小票 {3}。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Refund of {0} needs the owner.</source>
        <translation>退款 {0} 需要店主授权。</translation>
    </message>
</context>
<context>
    <name>RefundLinesModel</name>
    <message>
        <location filename="../../station_app/ui/refund_lines_model.py" line="+37"/>
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sold</source>
        <translation>已售</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Returnable</source>
        <translation>可退</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Return now</source>
        <translation>本次退</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refundable amount</source>
        <translation>可退金额</translation>
    </message>
</context>
<context>
    <name>SignInView</name>
    <message>
        <location filename="../../station_app/ui/signin_screen.py" line="+32"/>
        <source>Enter your PIN and press Enter</source>
        <translation>请输入密码，按回车登录</translation>
    </message>
</context>
</TS>
